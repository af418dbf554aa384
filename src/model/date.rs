//! A release's date, as written in `faq.toml`, and the ways it is written
//! out: one formatter for each use.

use chrono::{Datelike, Timelike};

use crate::model::labels::Language;

/// A release's date as written: a date, optionally a time and an offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReleaseDate {
    pub date: chrono::NaiveDate,
    pub time: Option<chrono::NaiveTime>,
    /// Offset from UTC in minutes, when the date-time carries one.
    pub offset_minutes: Option<i32>,
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl ReleaseDate {
    /// A sortable instant; a date without a time counts as its midnight.
    pub fn instant(&self) -> chrono::NaiveDateTime {
        let local = self.date.and_time(self.time.unwrap_or_default());
        local - chrono::Duration::minutes(i64::from(self.offset_minutes.unwrap_or(0)))
    }

    /// As readers see it: de "08.11.2021 / 12.00 Uhr", en "8 November 2021,
    /// 12:00"; a plain date is shown without a time, and a time written with
    /// an offset shows it: de "16.00 Uhr (UTC+5)", en "16:00 (UTC+05:00)".
    pub fn display(&self, language: Language) -> String {
        let d = self.date;
        let mut out = match language {
            Language::De => format!("{:02}.{:02}.{}", d.day(), d.month(), d.year()),
            Language::En => format!(
                "{} {} {}",
                d.day(),
                MONTHS_EN[d.month0() as usize],
                d.year()
            ),
        };
        if let Some(t) = self.time {
            out += &match language {
                Language::De => format!(" / {:02}.{:02} Uhr", t.hour(), t.minute()),
                Language::En => format!(", {:02}:{:02}", t.hour(), t.minute()),
            };
            if let Some(minutes) = self.offset_minutes {
                out += &format!(" ({})", zone(minutes, language));
            }
        }
        out
    }

    /// The instant in UTC as year, month, day, hour, minute and second: what
    /// the PDF's metadata records. A time without an offset is taken as
    /// written, a plain date as its midnight.
    pub fn utc(&self) -> ((i32, u8, u8), (u32, u32, u32)) {
        let instant = self.instant();
        let d = instant.date();
        let t = instant.time();
        (
            (d.year(), d.month() as u8, d.day() as u8),
            (t.hour(), t.minute(), t.second()),
        )
    }

    /// RFC 3339 as TOML writes it, with the precision it was written in:
    /// `2026-03-02`, `2026-03-02T12:00:00`, `2026-03-02T12:00:00+01:00`.
    /// Manifests, attached sources and `diff --format json` use it.
    pub fn iso(&self) -> String {
        let mut out = self.day();
        if let Some(time) = self.time {
            out += &time.format("T%H:%M:%S%.f").to_string();
            if let Some(minutes) = self.offset_minutes {
                let sign = if minutes < 0 { '-' } else { '+' };
                let m = minutes.unsigned_abs();
                out += &format!("{sign}{:02}:{:02}", m / 60, m % 60);
            }
        }
        out
    }

    /// The calendar day, `2026-03-02`, as file names carry it.
    pub fn day(&self) -> String {
        self.date.format("%Y-%m-%d").to_string()
    }

    /// Year, month and day.
    pub fn ymd(&self) -> (i32, u8, u8) {
        let d = self.date;
        (d.year(), d.month() as u8, d.day() as u8)
    }
}

/// An offset from UTC as readers of `language` write it: de "UTC+5",
/// "UTC-3.30", en "UTC+05:00", "UTC-03:30"; no offset is "UTC".
fn zone(minutes: i32, language: Language) -> String {
    if minutes == 0 {
        return "UTC".to_string();
    }
    let sign = if minutes < 0 { '-' } else { '+' };
    let (h, m) = (minutes.unsigned_abs() / 60, minutes.unsigned_abs() % 60);
    match language {
        Language::De if m == 0 => format!("UTC{sign}{h}"),
        Language::De => format!("UTC{sign}{h}.{m:02}"),
        Language::En => format!("UTC{sign}{h:02}:{m:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(time: Option<(u32, u32)>, offset_minutes: Option<i32>) -> ReleaseDate {
        ReleaseDate {
            date: chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
            time: time.and_then(|(h, m)| chrono::NaiveTime::from_hms_opt(h, m, 0)),
            offset_minutes,
        }
    }

    #[test]
    fn readers_see_the_date_in_their_language() {
        assert_eq!(
            date(Some((9, 5)), None).display(Language::De),
            "02.03.2026 / 09.05 Uhr"
        );
        assert_eq!(
            date(Some((9, 5)), None).display(Language::En),
            "2 March 2026, 09:05"
        );
        assert_eq!(date(None, None).display(Language::De), "02.03.2026");
    }

    #[test]
    fn iso_dates_keep_their_precision() {
        assert_eq!(date(None, None).iso(), "2026-03-02");
        assert_eq!(date(Some((12, 0)), None).iso(), "2026-03-02T12:00:00");
        assert_eq!(
            date(Some((12, 0)), Some(-90)).iso(),
            "2026-03-02T12:00:00-01:30"
        );
    }

    #[test]
    fn readers_see_the_zone_where_one_was_written() {
        assert_eq!(
            date(Some((16, 0)), Some(300)).display(Language::De),
            "02.03.2026 / 16.00 Uhr (UTC+5)"
        );
        assert_eq!(
            date(Some((16, 0)), Some(300)).display(Language::En),
            "2 March 2026, 16:00 (UTC+05:00)"
        );
        assert_eq!(
            date(Some((8, 0)), Some(-210)).display(Language::De),
            "02.03.2026 / 08.00 Uhr (UTC-3.30)"
        );
        assert_eq!(
            date(Some((8, 0)), Some(-480)).display(Language::En),
            "2 March 2026, 08:00 (UTC-08:00)"
        );
        assert_eq!(
            date(Some((8, 0)), Some(0)).display(Language::En),
            "2 March 2026, 08:00 (UTC)"
        );
    }

    #[test]
    fn the_metadata_gets_the_instant_in_utc() {
        assert_eq!(
            date(Some((16, 0)), Some(300)).utc(),
            ((2026, 3, 2), (11, 0, 0))
        );
        assert_eq!(
            date(Some((20, 30)), Some(-480)).utc(),
            ((2026, 3, 3), (4, 30, 0))
        );
        assert_eq!(date(Some((16, 0)), None).utc(), ((2026, 3, 2), (16, 0, 0)));
        assert_eq!(date(None, None).utc(), ((2026, 3, 2), (0, 0, 0)));
    }

    #[test]
    fn an_offset_moves_the_instant() {
        let later = date(Some((12, 0)), Some(60)).instant();
        assert_eq!(later, date(Some((11, 0)), None).instant());
    }
}
