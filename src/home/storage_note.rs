//! What the start page says about this browser's storage: whether the browser keeps the
//! boards for good or may clear them, the space used and free, and a warning when it runs out.

use leptos::prelude::*;

use crate::i18n::*;
use crate::storage::quota::{self, StorageState};

/// Above this share of the quota in use, the start page warns.
const ALMOST_FULL: f64 = 0.9;

/// "3,2 MB" (German) or "3.2 MB".
fn size_text(locale: Locale, bytes: f64) -> String {
    let (value, unit) = match bytes {
        b if b >= 1e9 => (b / 1e9, "GB"),
        b if b >= 1e6 => (b / 1e6, "MB"),
        b => (b / 1e3, "kB"),
    };
    let text = format!("{value:.1} {unit}");
    if locale == Locale::de {
        text.replace('.', ",")
    } else {
        text
    }
}

/// The storage section of the start page.
#[component]
pub fn StorageNote() -> impl IntoView {
    let i18n = use_i18n();
    let state = RwSignal::new(None::<StorageState>);
    leptos::task::spawn_local(async move {
        // Opening the store moves boards of earlier releases out of localStorage (first start).
        if let Err(e) = crate::storage::log::db().await {
            leptos::logging::warn!("kartenwand: the board store did not open: {e}");
        }
        // Boards stored by earlier visits are asked for too (they were stored before this ask).
        if !crate::storage::BoardIndex::load().boards.is_empty() {
            quota::ask_persist().await;
        }
        state.try_set(Some(quota::state().await));
    });
    move || {
        let s = state.get()?;
        let locale = i18n.get_locale();
        let kept = if s.persisted {
            t_string!(i18n, storage_kept)
        } else {
            t_string!(i18n, storage_may_clear)
        };
        let space = match (s.usage, s.quota) {
            (Some(used), Some(total)) => Some(t_string!(
                i18n,
                storage_space,
                used = size_text(locale, used),
                free = size_text(locale, (total - used).max(0.0))
            )),
            _ => None,
        };
        let full =
            matches!((s.usage, s.quota), (Some(u), Some(q)) if q > 0.0 && u / q > ALMOST_FULL);
        Some(view! {
            <section class="storage-note" aria-labelledby="storage-heading" data-persisted=s.persisted.to_string()>
                <h2 id="storage-heading">{t!(i18n, storage_heading)}</h2>
                <p>{kept}</p>
                {space.map(|text| view! { <p class="muted">{text}</p> })}
                {full.then(|| view! { <p class="storage-warning" role="alert">{t!(i18n, storage_almost_full)}</p> })}
            </section>
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_each_language() {
        assert_eq!(size_text(Locale::de, 3_200_000.0), "3,2 MB");
        assert_eq!(size_text(Locale::en, 3_200_000.0), "3.2 MB");
        assert_eq!(size_text(Locale::en, 2.5e9), "2.5 GB");
    }
}
