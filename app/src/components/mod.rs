//! Views used on more than one page.

mod header;

pub use header::Header;
