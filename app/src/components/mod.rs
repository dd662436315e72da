//! Views used on more than one page.

mod cart_link;
mod checkout_button;
mod error_notice;
mod header;
mod language_switch;
mod order_lines;
mod passkey_offer;
mod sign_in_button;

pub use cart_link::CartLink;
pub use checkout_button::CheckoutButton;
#[cfg(feature = "hydrate")]
pub use error_notice::provide_form_error_from_url;
pub use error_notice::{ErrorNotice, error_from_url, form_action, query_value, set_page_status};
pub use header::Header;
pub use language_switch::LanguageSwitch;
pub use order_lines::{OrderLine, OrderLines};
pub use passkey_offer::PasskeyOffer;
pub use sign_in_button::SignInButton;
