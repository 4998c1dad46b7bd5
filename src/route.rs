//! The pages and the address that names them: `/` lists boards, `/b/{id}` opens one, `/j`
//! joins one by its code. A tiny history-API router: leptos_router's weight is not worth it.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// Which page the address names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// The list of boards stored in this browser.
    Boards,
    /// One board, by id.
    Board(String),
    /// Joining a board by typing its join code.
    Join,
    /// Joining a board by the code in the address (`/j/{code}`, as a QR code may carry it).
    JoinCode(String),
}

impl Route {
    /// Reads a route from a location path.
    pub fn parse(path: &str) -> Route {
        let path = path.trim_end_matches('/');
        if path.eq_ignore_ascii_case("/j") {
            return Route::Join;
        }
        if let Some(code) = path
            .strip_prefix("/j/")
            .or_else(|| path.strip_prefix("/J/"))
        {
            if !code.is_empty() && !code.contains('/') {
                return Route::JoinCode(code.to_string());
            }
        }
        match path.strip_prefix("/b/") {
            Some(id) if !id.is_empty() && !id.contains('/') => Route::Board(id.to_string()),
            _ => Route::Boards,
        }
    }

    /// The path that names this route.
    pub fn path(&self) -> String {
        match self {
            Route::Boards => "/".to_string(),
            Route::Board(id) => format!("/b/{id}"),
            Route::Join => "/j".to_string(),
            Route::JoinCode(code) => format!("/j/{code}"),
        }
    }
}

#[derive(Clone, Copy)]
struct RouteCtx(RwSignal<Route>);

/// Puts the current route in context and follows the browser's back and forward buttons.
pub fn provide_route() {
    let route = RwSignal::new(Route::parse(&current_path()));
    let on_pop = Closure::<dyn Fn()>::new(move || route.set(Route::parse(&current_path())));
    let _ = window().add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref());
    // The listener lives as long as the page does.
    on_pop.forget();
    provide_context(RouteCtx(route));
}

/// The current route, as a signal.
pub fn use_route() -> ReadSignal<Route> {
    expect_context::<RouteCtx>().0.read_only()
}

/// A function that goes to a route, adding a history entry. Take it while rendering:
/// event handlers run outside the component tree and cannot read context.
pub fn use_navigate() -> impl Fn(Route) + Copy + 'static {
    let route = expect_context::<RouteCtx>().0;
    move |to: Route| {
        if let Ok(history) = window().history() {
            let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&to.path()));
        }
        route.set(to);
    }
}

fn current_path() -> String {
    window().location().pathname().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_paths() {
        assert_eq!(Route::parse("/"), Route::Boards);
        assert_eq!(Route::parse("/b/abc123"), Route::Board("abc123".into()));
        assert_eq!(Route::parse("/b/abc123/"), Route::Board("abc123".into()));
        assert_eq!(Route::parse("/b/"), Route::Boards);
        assert_eq!(Route::parse("/b/a/b"), Route::Boards);
        assert_eq!(Route::parse("/elsewhere"), Route::Boards);
        assert_eq!(Route::parse("/j"), Route::Join);
        assert_eq!(Route::parse("/J/"), Route::Join);
        assert_eq!(Route::parse(&Route::Join.path()), Route::Join);
        assert_eq!(Route::parse("/j/K7QM3X"), Route::JoinCode("K7QM3X".into()));
        assert_eq!(Route::parse("/J/k7qm3x/"), Route::JoinCode("k7qm3x".into()));
        assert_eq!(Route::parse("/j/a/b"), Route::Boards);
        assert_eq!(
            Route::parse(&Route::Board("x".into()).path()),
            Route::Board("x".into())
        );
    }
}
