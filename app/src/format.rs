//! How the server writes times for people (ssr only).

use time::OffsetDateTime;
use time::macros::format_description;

/// `2026-11-22 14:05 UTC`.
pub(crate) fn timestamp(at: OffsetDateTime) -> String {
    at.format(format_description!("[year]-[month]-[day] [hour]:[minute] UTC")).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_timestamp_reads_as_date_hour_and_minute_in_utc() {
        assert_eq!(timestamp(time::macros::datetime!(2026-11-22 14:05:59 UTC)), "2026-11-22 14:05 UTC");
    }
}
