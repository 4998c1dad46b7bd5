//! What the documentation needs from the device that makes it: the board never reads the
//! clock or the time zone, so the caller hands in today's date and its offset from UTC.

/// The exporting device's date and time zone.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportContext {
    /// Today's date in words (see [`super::format_date`]), shown under the title as given;
    /// empty for none.
    pub date: String,
    /// Minutes east of UTC (+60 for CET, −300 for New York): the agenda shows when each step
    /// really started in this local time. It should be the offset in effect when the steps
    /// ran, so that an export made after a switch to summer time shows the room's clock.
    pub utc_offset_minutes: i32,
}

impl ExportContext {
    /// A context with `date` (already in words) and `utc_offset_minutes` east of UTC.
    pub fn new(date: impl Into<String>, utc_offset_minutes: i32) -> ExportContext {
        ExportContext {
            date: date.into(),
            utc_offset_minutes,
        }
    }
}
