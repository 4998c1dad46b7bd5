//! The shared countdown of a round: the end time is in the document, every device counts
//! down to it on its own clock.

use leptos::prelude::*;

use super::VotingCtx;
use crate::i18n::*;

/// Keeps `v.now` current, once a second, while the current round has a countdown.
pub(super) fn tick_while_counting(v: VotingCtx) {
    let counting = Memo::new(move |_| {
        v.current
            .with(|r| r.as_ref().and_then(|r| r.timer_end).is_some())
    });
    Effect::new(move |_| {
        if !counting.get() {
            return;
        }
        v.now.set(js_sys::Date::now());
        let handle = set_interval_with_handle(
            move || {
                let _ = v.now.try_set(js_sys::Date::now());
            },
            std::time::Duration::from_secs(1),
        );
        if let Ok(handle) = handle {
            on_cleanup(move || handle.clear());
        }
    });
}

/// `m:ss` for a number of seconds.
pub fn clock_text(seconds: u64) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// The countdown of the current round, if one runs: "2:31", then "time is up".
#[component]
pub fn Countdown() -> impl IntoView {
    let i18n = use_i18n();
    let v = expect_context::<VotingCtx>();
    let left = Memo::new(move |_| {
        v.current
            .with(|r| r.as_ref().and_then(|r| r.seconds_left(v.now.get())))
    });
    move || {
        left.get().map(|s| {
            // The visible clock changes every second; screen readers get it once a minute
            // and at the end, through the label of the timer role.
            let spoken = if s == 0 {
                t_string!(i18n, timer_over).to_string()
            } else {
                t_count!(i18n, timer_left, s.div_ceil(60))
            };
            view! {
                <span class="countdown" class:countdown--over=s == 0 role="timer" aria-label=spoken>
                    <span aria-hidden="true">{if s == 0 { t_string!(i18n, timer_over).to_string() } else { clock_text(s) }}</span>
                </span>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn clock_text_pads_seconds() {
        assert_eq!(super::clock_text(151), "2:31");
        assert_eq!(super::clock_text(60), "1:00");
        assert_eq!(super::clock_text(9), "0:09");
    }
}
