//! Views used on more than one page.

mod cart_link;
mod checkout_button;
mod error_notice;
mod focus_on_navigation;
mod header;
mod language_switch;
mod order_lines;
mod passkey_offer;
mod sign_in_button;

pub use cart_link::CartLink;
pub use checkout_button::CheckoutButton;
pub use error_notice::{ErrorNotice, error_from_url, form_action, set_page_status};
pub use focus_on_navigation::FocusOnNavigation;
pub use header::Header;
pub use language_switch::LanguageSwitch;
pub use order_lines::{OrderLine, OrderLines};
pub use passkey_offer::PasskeyOffer;
pub use sign_in_button::SignInButton;
