//! Which precompressed copy of an app file a request gets: brotli, gzip or the file itself,
//! by the request's `Accept-Encoding` (RFC 9110 §12.5.3, q-values included) and by which
//! copies the build made (`scripts/precompress.mjs`). Pure, so every case is a unit test.

/// A content coding the server has files in, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coding {
    /// `NAME.br`, `Content-Encoding: br`.
    Brotli,
    /// `NAME.gz`, `Content-Encoding: gzip`.
    Gzip,
    /// The file itself, no `Content-Encoding`.
    Identity,
}

impl Coding {
    /// The compressed codings, in the server's order of preference (brotli is smaller).
    pub const COMPRESSED: [Coding; 2] = [Coding::Brotli, Coding::Gzip];

    /// What the build appends to a file's name for this coding.
    pub fn suffix(self) -> &'static str {
        match self {
            Coding::Brotli => ".br",
            Coding::Gzip => ".gz",
            Coding::Identity => "",
        }
    }

    /// The `Content-Encoding` value, none for the file itself.
    pub fn header(self) -> Option<&'static str> {
        match self {
            Coding::Brotli => Some("br"),
            Coding::Gzip => Some("gzip"),
            Coding::Identity => None,
        }
    }

    fn names(self) -> &'static [&'static str] {
        match self {
            Coding::Brotli => &["br"],
            Coding::Gzip => &["gzip", "x-gzip"],
            Coding::Identity => &["identity"],
        }
    }
}

/// The codings to try, in order: the compressed ones the client takes (q > 0), highest
/// q-value first and brotli before gzip on a tie, then the file itself. The caller sends the
/// first one whose copy the build made. The file itself comes last even if the client refused
/// `identity`: a readable answer beats a 406.
pub fn preference(accept_encoding: Option<&str>) -> Vec<Coding> {
    let accept = accept_encoding.unwrap_or("");
    let mut ranked: Vec<(u16, Coding)> = Coding::COMPRESSED
        .into_iter()
        .map(|coding| (weight(accept, coding), coding))
        .filter(|(q, _)| *q > 0)
        .collect();
    // A stable sort keeps the server's order (brotli first) among equal q-values.
    ranked.sort_by_key(|&(q, _)| std::cmp::Reverse(q));
    ranked
        .into_iter()
        .map(|(_, coding)| coding)
        .chain([Coding::Identity])
        .collect()
}

/// The q-value (in thousandths) the header gives a coding: its own entry, else `*`'s,
/// else 0. An entry with a malformed q-value counts as refused.
fn weight(accept: &str, coding: Coding) -> u16 {
    let mut wildcard = None;
    for entry in accept.split(',') {
        let mut parts = entry.split(';');
        let name = parts.next().unwrap_or("").trim();
        let q = parts
            .filter_map(|p| p.split_once('='))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case("q"))
            .map_or(Some(1000), |(_, v)| qvalue(v.trim()))
            .unwrap_or(0);
        if coding.names().iter().any(|n| name.eq_ignore_ascii_case(n)) {
            return q;
        }
        if name == "*" {
            wildcard = Some(q);
        }
    }
    wildcard.unwrap_or(0)
}

/// `0`, `0.5`, `1.000` → thousandths; anything else (`2`, `0.5555`, `abc`) is `None`.
fn qvalue(text: &str) -> Option<u16> {
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    if frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths = format!("{frac:0<3}").parse::<u16>().ok()?;
    match int {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the server sends when the copies `available` exist.
    fn choose(accept: Option<&str>, available: impl Fn(Coding) -> bool) -> Coding {
        preference(accept)
            .into_iter()
            .find(|&c| c == Coding::Identity || available(c))
            .unwrap()
    }

    fn both(_: Coding) -> bool {
        true
    }

    #[test]
    fn brotli_when_the_client_takes_it() {
        assert_eq!(
            choose(Some("gzip, deflate, br, zstd"), both),
            Coding::Brotli
        );
        assert_eq!(choose(Some("br"), both), Coding::Brotli);
        assert_eq!(choose(Some("BR;Q=1.0"), both), Coding::Brotli);
    }

    #[test]
    fn gzip_when_brotli_is_refused_or_missing() {
        assert_eq!(choose(Some("br;q=0, gzip"), both), Coding::Gzip);
        assert_eq!(choose(Some("br;q=0.000,gzip;q=0.1"), both), Coding::Gzip);
        assert_eq!(choose(Some("gzip"), both), Coding::Gzip);
        assert_eq!(choose(Some("x-gzip"), both), Coding::Gzip);
        assert_eq!(
            choose(Some("gzip, br"), |c| c == Coding::Gzip),
            Coding::Gzip
        );
    }

    #[test]
    fn the_file_itself_without_an_accepted_copy() {
        assert_eq!(choose(None, both), Coding::Identity);
        assert_eq!(choose(Some(""), both), Coding::Identity);
        assert_eq!(choose(Some("identity"), both), Coding::Identity);
        assert_eq!(choose(Some("deflate, zstd"), both), Coding::Identity);
        assert_eq!(choose(Some("br;q=0, gzip;q=0"), both), Coding::Identity);
        assert_eq!(choose(Some("br, gzip"), |_| false), Coding::Identity);
        // Refusing the file itself still gets it when nothing else is taken (not a 406).
        assert_eq!(choose(Some("identity;q=0"), both), Coding::Identity);
    }

    #[test]
    fn q_values_rank_and_brotli_wins_ties() {
        assert_eq!(choose(Some("gzip;q=1, br;q=0.5"), both), Coding::Gzip);
        assert_eq!(choose(Some("gzip;q=0.8, br;q=0.8"), both), Coding::Brotli);
        assert_eq!(choose(Some("gzip, br;q=0.999"), both), Coding::Gzip);
    }

    #[test]
    fn the_wildcard_stands_for_codings_not_named() {
        assert_eq!(choose(Some("*"), both), Coding::Brotli);
        assert_eq!(choose(Some("br;q=0, *"), both), Coding::Gzip);
        assert_eq!(choose(Some("*;q=0"), both), Coding::Identity);
        assert_eq!(choose(Some("gzip, *;q=0"), both), Coding::Gzip);
    }

    #[test]
    fn malformed_q_values_refuse_their_coding() {
        assert_eq!(choose(Some("br;q=2, gzip"), both), Coding::Gzip);
        assert_eq!(choose(Some("br;q=abc, gzip"), both), Coding::Gzip);
        assert_eq!(choose(Some("br;q=0.5555, gzip;q=0.1"), both), Coding::Gzip);
        assert_eq!(qvalue("1.000"), Some(1000));
        assert_eq!(qvalue("1.001"), None);
        assert_eq!(qvalue("0.5"), Some(500));
        assert_eq!(qvalue("0."), Some(0));
    }
}
