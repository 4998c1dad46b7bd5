//! Dates in words ("26. November 2026", "26 November 2026") and local clock times ("14:05")
//! by plain arithmetic: the board never reads the clock, and the app formats today's date
//! with this for the export.

use crate::language::Language;

const MS_PER_DAY: f64 = 86_400_000.0;
const MS_PER_MINUTE: f64 = 60_000.0;
const MINUTES_PER_DAY: i64 = 1_440;

/// The calendar day of `ms_since_epoch` (UTC) in words: "26. November 2026" in German,
/// "26 November 2026" in English. Empty for a time that is not a finite number.
///
/// The day is the UTC day; for the local day, add the local offset first (in the browser,
/// `Date::now() - getTimezoneOffset() * 60_000`).
pub fn format_date(ms_since_epoch: f64, lang: Language) -> String {
    if !ms_since_epoch.is_finite() {
        return String::new();
    }
    // Clamp to JavaScript's date range (±10⁸ days) so the integer arithmetic cannot overflow.
    let days = (ms_since_epoch / MS_PER_DAY).floor().clamp(-1e8, 1e8) as i64;
    let (y, m, d) = civil_from_days(days);
    day_month_year(y, m, d, lang)
}

/// The clock time "HH:MM" (24 h) of `ms_since_epoch` at `utc_offset_minutes` east of UTC;
/// `None` for a time that is not a finite number.
pub fn clock_time(ms_since_epoch: f64, utc_offset_minutes: i32) -> Option<String> {
    if !ms_since_epoch.is_finite() {
        return None;
    }
    // Clamped like `format_date`, so the integer arithmetic cannot overflow.
    let utc = (ms_since_epoch / MS_PER_MINUTE).floor().clamp(-1e14, 1e14) as i64;
    let local = (utc + i64::from(utc_offset_minutes)).rem_euclid(MINUTES_PER_DAY);
    Some(format!("{:02}:{:02}", local / 60, local % 60))
}

/// A date as the worksheets store it ("2012-03-31", "2011-06" for a month, "2011" for a
/// year) in words at that precision; `None` for anything else (free text such as
/// "Herbst 2011" is shown as written).
pub(super) fn format_iso_date(s: &str, lang: Language) -> Option<String> {
    let s = s.trim();
    let parts: Vec<&str> = s.split('-').collect();
    let number = |p: &str, len: usize| -> Option<u32> {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    match parts.as_slice() {
        [y] => number(y, 4).map(|y| y.to_string()),
        [y, m] => {
            let (y, m) = (number(y, 4)?, number(m, 2)?);
            (1..=12)
                .contains(&m)
                .then(|| format!("{} {y}", month_name(m, lang)))
        }
        [y, m, d] => {
            let (y, m, d) = (number(y, 4)?, number(m, 2)?, number(d, 2)?);
            let valid = (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y.into(), m);
            valid.then(|| day_month_year(y.into(), m, d, lang))
        }
        _ => None,
    }
}

/// A day's date as the agenda stores it ("2011-03-11") in words: "11. März 2011",
/// "11 March 2011"; `None` for anything but a valid calendar day.
pub fn format_day(iso: &str, lang: Language) -> Option<String> {
    (iso.trim().split('-').count() == 3)
        .then(|| format_iso_date(iso, lang))
        .flatten()
}

fn day_month_year(y: i64, m: u32, d: u32, lang: Language) -> String {
    match lang {
        Language::De => format!("{d}. {} {y}", month_name(m, lang)),
        Language::En => format!("{d} {} {y}", month_name(m, lang)),
    }
}

fn month_name(m: u32, lang: Language) -> &'static str {
    const DE: [&str; 12] = [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ];
    const EN: [&str; 12] = [
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
    let i = (m.clamp(1, 12) - 1) as usize;
    match lang {
        Language::De => DE[i],
        Language::En => EN[i],
    }
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Year, month (1–12) and day (1–31) of the proleptic Gregorian calendar for a count of days
/// since 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11], March first
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_from_days_matches_known_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(-719_468), (0, 3, 1));
        // Every day of 1900–2100 follows the previous one.
        let mut prev = civil_from_days(-25_567);
        assert_eq!(prev, (1900, 1, 1));
        for z in -25_566..=47_482 {
            let (y, m, d) = civil_from_days(z);
            let next_day = (prev.0, prev.1, prev.2 + 1);
            let next_month = (prev.0, prev.1 + 1, 1);
            let next_year = (prev.0 + 1, 1, 1);
            assert!(
                [next_day, next_month, next_year].contains(&(y, m, d)),
                "{z}: {y}-{m}-{d}"
            );
            assert!(d <= days_in_month(y, m));
            prev = (y, m, d);
        }
    }

    #[test]
    fn dates_in_words() {
        assert_eq!(format_date(0.0, Language::De), "1. Januar 1970");
        assert_eq!(
            format_date(1_700_000_000_000.0, Language::De),
            "14. November 2023"
        );
        assert_eq!(
            format_date(1_700_000_000_000.0, Language::En),
            "14 November 2023"
        );
        assert_eq!(
            format_date(1_709_164_800_000.0, Language::De),
            "29. Februar 2024"
        );
        assert_eq!(format_date(-1.0, Language::En), "31 December 1969");
        assert_eq!(
            format_date(1_299_801_600_000.0, Language::De),
            "11. März 2011"
        );
        assert_eq!(format_date(f64::NAN, Language::De), "");
        assert!(
            !format_date(f64::MAX, Language::De).is_empty(),
            "no overflow"
        );
    }

    #[test]
    fn clock_times_follow_the_offset_and_wrap_at_midnight() {
        // 11 March 2011, 13:02:30 UTC.
        let t = 1_299_848_550_000.0;
        assert_eq!(clock_time(t, 0).as_deref(), Some("13:02"));
        assert_eq!(clock_time(t, 60).as_deref(), Some("14:02"));
        assert_eq!(clock_time(t, -300).as_deref(), Some("08:02"));
        assert_eq!(clock_time(t, 330).as_deref(), Some("18:32"));
        assert_eq!(clock_time(t, 11 * 60).as_deref(), Some("00:02"));
        assert_eq!(clock_time(t, -14 * 60).as_deref(), Some("23:02"));
        assert_eq!(clock_time(-1.0, 0).as_deref(), Some("23:59"));
        assert_eq!(clock_time(f64::NAN, 60), None);
        assert!(clock_time(f64::MAX, i32::MAX).is_some(), "no overflow");
    }

    #[test]
    fn stored_dates_in_words() {
        assert_eq!(
            format_iso_date("2012-03-31", Language::De).as_deref(),
            Some("31. März 2012")
        );
        assert_eq!(
            format_iso_date(" 2011-06 ", Language::En).as_deref(),
            Some("June 2011")
        );
        assert_eq!(format_iso_date("2012-02-30", Language::De), None);
        assert_eq!(format_iso_date("2012-13", Language::De), None);
        assert_eq!(format_iso_date("Herbst 2011", Language::De), None);
        assert_eq!(format_iso_date("2012-3-1", Language::De), None);
        assert_eq!(
            format_iso_date("2011", Language::De).as_deref(),
            Some("2011")
        );
        // A month or a year prints at the precision it was entered with, never as a day.
        assert_eq!(
            format_iso_date("2012-03", Language::De).as_deref(),
            Some("März 2012")
        );
        assert_eq!(
            format_iso_date(" 2020 ", Language::En).as_deref(),
            Some("2020")
        );
        assert_eq!(format_iso_date("11", Language::En), None);
        assert_eq!(format_iso_date("", Language::De), None);
    }
}
