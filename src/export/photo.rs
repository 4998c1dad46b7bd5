//! "Fotoprotokoll": the photo record's pictures as files. The whole wall and each region,
//! as SVG (drawn by `board::photo`) or as PNG at print resolution (that SVG drawn onto a
//! canvas, `png.rs`). Offered to the facilitator in the board's menu.

use leptos::prelude::*;

use super::download::{save_blob, save_text};
use super::export_language;
use super::png::svg_to_png;
use crate::dialog::Modal;
use crate::i18n::*;
use crate::sync::BoardCtx;
use crate::wall::WallUi;

/// Which picture: the whole wall, or one region by id.
#[derive(Clone, Debug, PartialEq)]
enum Subject {
    Wall,
    Region(String),
}

/// The file name: "{board} – Fotoprotokoll – {subject}.{ext}".
fn file_name(board: &str, record: &str, subject: &str, ext: &str) -> String {
    let board = if board.trim().is_empty() {
        "Kartenwand"
    } else {
        board.trim()
    };
    format!("{board} – {record} – {subject}.{ext}")
}

/// The dialog listing the pictures, each with its SVG and PNG download.
#[component]
pub fn PhotoDialog(open: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<BoardCtx>();
    let ui = expect_context::<WallUi>();
    let busy = RwSignal::new(false);
    // Read only while open: the list follows the regions as they change.
    let regions = Memo::new(move |_| {
        if !open.get() {
            return None;
        }
        Some(ctx.track(|b| {
            (
                b.regions()
                    .into_iter()
                    .map(|r| (r.id, r.title))
                    .collect::<Vec<_>>(),
                board::photo::has_content(b),
            )
        }))
    });
    let picture = move |subject: &Subject| {
        let lang = export_language(i18n);
        ctx.read(|b| {
            let photo = match subject {
                Subject::Wall => board::photo::wall(b, lang),
                Subject::Region(id) => board::photo::region(b, id, lang),
            };
            photo.map(|p| (b.title(), p))
        })
    };
    let failed = move || ui.complain(t_string!(i18n, photo_failed).to_string());
    let svg = move |subject: Subject| {
        let Some((title, photo)) = picture(&subject) else {
            return failed();
        };
        let name = file_name(&title, t_string!(i18n, photo_record), &photo.subject, "svg");
        if save_text(&name, "image/svg+xml", &photo.svg).is_err() {
            ui.complain(t_string!(i18n, download_failed).to_string());
        }
    };
    let png = move |subject: Subject| {
        let Some((title, photo)) = picture(&subject) else {
            return failed();
        };
        let name = file_name(&title, t_string!(i18n, photo_record), &photo.subject, "png");
        let (w, h) = photo.print_size();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let drawn = svg_to_png(&photo.svg, w, h).await;
            busy.try_set(false);
            match drawn {
                Ok(blob) => {
                    if save_blob(&name, &blob).is_err() {
                        ui.complain(t_string!(i18n, download_failed).to_string());
                    }
                }
                Err(_) => failed(),
            }
        });
    };
    let row = move |subject: Subject, label: String| {
        let (for_svg, for_png) = (subject.clone(), subject);
        let svg_label = t_string!(i18n, photo_download_svg, subject = label.clone()).to_string();
        let png_label = t_string!(i18n, photo_download_png, subject = label.clone()).to_string();
        view! {
            <li class="photo-row">
                <span class="photo-subject" dir="auto">{label}</span>
                <button type="button" class="button" aria-label=svg_label.clone() title=svg_label on:click=move |_| svg(for_svg.clone())>"SVG"</button>
                <button type="button" class="button" aria-label=png_label.clone() title=png_label disabled=move || busy.get()
                    on:click=move |_| png(for_png.clone())>"PNG"</button>
            </li>
        }
    };
    let list = move || {
        let (regions, any) = regions.get()?;
        if !any {
            return Some(view! { <p>{t!(i18n, photo_empty)}</p> }.into_any());
        }
        let wall = row(Subject::Wall, t_string!(i18n, photo_whole_wall).to_string());
        let regions = regions
            .into_iter()
            .map(|(id, title)| row(Subject::Region(id), title))
            .collect_view();
        Some(
            view! {
                <ul class="photo-list" aria-label=t!(i18n, photo_pictures)>
                    {wall}
                    {regions}
                </ul>
            }
            .into_any(),
        )
    };
    view! {
        <Modal open label=text_signal(i18n, |s| s.photo_record)>
            <p>{t!(i18n, photo_help)}</p>
            {list}
            <p class="photo-status" role="status">{move || busy.get().then(|| t_string!(i18n, photo_drawing))}</p>
            <div class="modal-actions">
                <button type="button" class="button" on:click=move |_| open.set(false)>{t!(i18n, close)}</button>
            </div>
        </Modal>
    }
}

#[cfg(test)]
mod tests {
    use super::file_name;

    #[test]
    fn file_names_say_board_record_and_subject() {
        assert_eq!(
            file_name("Workshop", "Fotoprotokoll", "Tag 1", "png"),
            "Workshop – Fotoprotokoll – Tag 1.png"
        );
        assert_eq!(
            file_name(" ", "Photo record", "Whole wall", "svg"),
            "Kartenwand – Photo record – Whole wall.svg"
        );
    }
}
