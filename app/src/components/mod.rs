//! Views used on more than one page.

mod header;
mod sign_in_button;

pub use header::Header;
pub use sign_in_button::SignInButton;
