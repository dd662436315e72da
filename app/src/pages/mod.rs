//! One module per route.

mod account;
mod cart;
mod checkout;
mod home;
mod how_it_works;
mod not_found;
mod order;
mod sign_in;
mod sign_up;

pub use account::Account;
pub use cart::CartPage;
pub use checkout::Checkout;
pub use home::Home;
pub use how_it_works::HowItWorks;
pub use not_found::NotFound;
pub use order::OrderPage;
pub use sign_in::SignIn;
pub use sign_up::SignUp;
