//! Views used on more than one page.

mod cart_link;
mod checkout_button;
mod header;
mod sign_in_button;

pub use cart_link::CartLink;
pub use checkout_button::CheckoutButton;
pub use header::Header;
pub use sign_in_button::SignInButton;
