//! Worksheet dates of a day, a month or a year ("2011-06-10", "2011-06", "2011"), stored as
//! entered: a milestone "Juni 2011" stays a month and never becomes "1. Juni 2011".

use std::fmt;

/// How exact a worksheet date is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Precision {
    /// A calendar day: "2011-06-10".
    Day,
    /// A month: "2011-06".
    Month,
    /// A year: "2011".
    Year,
}

impl Precision {
    /// Every precision, finest first (the order of the choice in the app).
    pub const ALL: [Precision; 3] = [Precision::Day, Precision::Month, Precision::Year];

    /// The name in German and English ("Tag", "Day").
    pub fn name(self) -> (&'static str, &'static str) {
        match self {
            Precision::Day => ("Tag", "Day"),
            Precision::Month => ("Monat", "Month"),
            Precision::Year => ("Jahr", "Year"),
        }
    }

    /// The HTML input type that takes a date of this precision.
    pub fn input_type(self) -> &'static str {
        match self {
            Precision::Day => "date",
            Precision::Month => "month",
            Precision::Year => "number",
        }
    }
}

/// A date of a day, a month or a year (years 1000–9999, as the ISO strings have four digits).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SheetDate {
    year: u16,
    month: Option<u8>,
    day: Option<u8>,
}

fn digits(p: &str, len: usize) -> Option<u16> {
    (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
        .then(|| p.parse().ok())
        .flatten()
}

fn days_in_month(y: u16, m: u8) -> u8 {
    let leap = (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
    match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl SheetDate {
    /// A year.
    pub fn year(year: u16) -> Option<SheetDate> {
        (1000..=9999).contains(&year).then_some(SheetDate {
            year,
            month: None,
            day: None,
        })
    }

    /// A month of a year.
    pub fn month(year: u16, month: u8) -> Option<SheetDate> {
        let y = SheetDate::year(year)?;
        (1..=12).contains(&month).then_some(SheetDate {
            month: Some(month),
            ..y
        })
    }

    /// A calendar day.
    pub fn day(year: u16, month: u8, day: u8) -> Option<SheetDate> {
        let m = SheetDate::month(year, month)?;
        (day >= 1 && day <= days_in_month(year, month)).then_some(SheetDate {
            day: Some(day),
            ..m
        })
    }

    /// Reads a stored date: "2011-06-10", "2011-06" or "2011" (surrounding spaces ignored);
    /// `None` for anything else (free text such as "Herbst 2011").
    pub fn parse(s: &str) -> Option<SheetDate> {
        let parts: Vec<&str> = s.trim().split('-').collect();
        match parts.as_slice() {
            [y] => SheetDate::year(digits(y, 4)?),
            [y, m] => SheetDate::month(digits(y, 4)?, digits(m, 2)? as u8),
            [y, m, d] => SheetDate::day(digits(y, 4)?, digits(m, 2)? as u8, digits(d, 2)? as u8),
            _ => None,
        }
    }

    /// Reads what an input of `precision` gave ("2011-06-10" from a date input, "2011-06"
    /// from a month input, "2011" from a number input); `None` if it is not of that precision.
    pub fn from_input(precision: Precision, raw: &str) -> Option<SheetDate> {
        SheetDate::parse(raw).filter(|d| d.precision() == precision)
    }

    /// How exact it is.
    pub fn precision(self) -> Precision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    /// The same date at a coarser precision ("2011-06-10" as a month is "2011-06"); a finer
    /// one is not invented: the date stays as it is.
    pub fn at_most(self, precision: Precision) -> SheetDate {
        match precision {
            Precision::Day => self,
            Precision::Month => SheetDate { day: None, ..self },
            Precision::Year => SheetDate {
                month: None,
                day: None,
                ..self
            },
        }
    }

    /// The year.
    pub fn year_number(self) -> u16 {
        self.year
    }

    /// The month (1–12), if it has one.
    pub fn month_number(self) -> Option<u8> {
        self.month
    }

    /// The day of the month, if it has one.
    pub fn day_number(self) -> Option<u8> {
        self.day
    }
}

/// The stored form: "2011-06-10", "2011-06" or "2011".
impl fmt::Display for SheetDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_keep_their_precision() {
        for (s, p) in [
            ("2011-06-10", Precision::Day),
            ("2011-06", Precision::Month),
            ("2011", Precision::Year),
        ] {
            let d = SheetDate::parse(s).unwrap();
            assert_eq!(d.precision(), p);
            assert_eq!(d.to_string(), s);
            assert_eq!(SheetDate::from_input(p, s), Some(d));
        }
        assert_eq!(
            SheetDate::parse(" 2012-02-29 ")
                .map(|d| d.to_string())
                .as_deref(),
            Some("2012-02-29")
        );
        for bad in [
            "2011-02-29",
            "2011-13",
            "11",
            "2011-6",
            "Herbst 2011",
            "",
            "0999",
            "2011-06-10-1",
        ] {
            assert_eq!(SheetDate::parse(bad), None, "{bad}");
        }
        // A month input's value is not a day.
        assert_eq!(SheetDate::from_input(Precision::Day, "2011-06"), None);
        let day = SheetDate::day(2011, 6, 10).unwrap();
        assert_eq!(day.at_most(Precision::Month).to_string(), "2011-06");
        assert_eq!(day.at_most(Precision::Year).to_string(), "2011");
        assert_eq!(
            SheetDate::year(2011)
                .unwrap()
                .at_most(Precision::Day)
                .to_string(),
            "2011"
        );
    }
}
