//! `tokencache inspect`: a readable summary of the stored cache, never a
//! secret. Colour only when stdout is a terminal and `NO_COLOR` is unset;
//! `--json` for machines. The summary is [`crate::cache::inspect`]'s; its
//! rendering for a terminal is here.

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

use serde_json::{Map, Value};

use super::document::{now, parse_input, parse_stored};
use super::{emit, emit_json, open, Intent};
use crate::cache::entry::{span, time_value};
use crate::cache::inspect::{self, Options, Summary, Token};
use crate::cli::InspectArgs;
use crate::config::Config;
use crate::error::Result;
use crate::report;

/// Print the summary of the stored cache. No cache is exit 3; a corrupt one
/// exit 5.
pub fn run(config: &Config, args: &InspectArgs, out: &mut dyn Write) -> Result<()> {
    if let Some(path) = &args.input {
        return run_input(config.json, args, path, out);
    }
    let session = open(config, Intent::Read)?;
    let store = session.store();
    let bytes = session.load()?.ok_or_else(|| super::no_cache(store))?;
    let doc = parse_stored(store, &bytes)?;
    let kind = serde_json::to_value(store.kind()).unwrap_or_default();
    show(config.json, args, &doc, store.describe().summary, kind, out)
}

/// `inspect --input FILE|-`: a copy, with no store, no lock and no
/// configuration (it works where no cache path can be resolved, e.g. HOME
/// unset). `store` is null in `--json`.
pub fn run_input(json: bool, args: &InspectArgs, path: &Path, out: &mut dyn Write) -> Result<()> {
    let (doc, location) = parse_input(path, args.max_size)?;
    show(json, args, &doc, location, Value::Null, out)
}

/// Print the summary of `doc`, found at `location` in store `kind`.
fn show(
    json: bool,
    args: &InspectArgs,
    doc: &Map<String, Value>,
    location: String,
    kind: Value,
    out: &mut dyn Write,
) -> Result<()> {
    let options = Options {
        now: args.now.unwrap_or_else(now),
        claims: args.claims,
    };
    let summary = inspect::summarise(doc, options);
    if json {
        let mut json = Map::new();
        json.insert("location".into(), Value::from(location));
        json.insert("store".into(), kind);
        if let Value::Object(fields) = serde_json::to_value(&summary).unwrap_or_default() {
            json.extend(fields);
        }
        return emit_json(out, &json);
    }
    let style = Style {
        color: report::stdout_color(),
    };
    let text = format!("Token cache in {location}\n{}", render(&summary, style));
    emit(out, text.as_bytes())
}

/// "expires in 42 min" / "expired 3 h ago", for `expires_on - now`. A token
/// is still good in the second it expires on (`expires_on < now` is expired).
fn relative_expiry(expires_in: i64) -> String {
    if expires_in > 0 {
        format!("expires in {}", span(expires_in))
    } else if expires_in == 0 {
        "expires now".to_string()
    } else {
        format!("expired {} ago", span(expires_in))
    }
}

/// `2023-11-14 22:13:20 UTC` for Unix seconds (proleptic Gregorian).
pub fn utc(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let rem = seconds.rem_euclid(86_400);
    // Howard Hinnant's days_from_civil, inverted.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02} UTC",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// ANSI styling, or none.
#[derive(Debug, Clone, Copy)]
struct Style {
    /// Whether to emit colour codes.
    color: bool,
}

impl Style {
    fn paint(self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
    fn heading(self, text: &str) -> String {
        self.paint("1", text)
    }
    fn dim(self, text: &str) -> String {
        self.paint("2", text)
    }
    fn good(self, text: &str) -> String {
        self.paint("32", text)
    }
    fn bad(self, text: &str) -> String {
        self.paint("31", text)
    }
    fn warn(self, text: &str) -> String {
        self.paint("33", text)
    }
}

/// The summary as text for a terminal (or a pipe, with `style.color` off).
fn render(summary: &Summary, style: Style) -> String {
    let mut out = String::new();
    let counts: Vec<String> = summary
        .counts
        .iter()
        .map(|(name, n)| format!("{} {n}", esc(name)))
        .collect();
    let counts = if counts.is_empty() {
        "none".to_string()
    } else {
        counts.join(", ")
    };
    let _ = writeln!(out, "{} {counts}", style.heading("Entries:"));

    section_heading(&mut out, style, "Accounts", summary.accounts.len());
    for a in &summary.accounts {
        let _ = writeln!(
            out,
            "  {}",
            esc(a.username.as_deref().unwrap_or("(no username)"))
        );
        field(
            &mut out,
            style,
            "home account id",
            a.home_account_id.as_deref(),
        );
        field(&mut out, style, "environment", a.environment.as_deref());
        field(&mut out, style, "realm", a.realm.as_deref());
        field(
            &mut out,
            style,
            "authority type",
            a.authority_type.as_deref(),
        );
    }
    for (title, tokens) in [
        ("Access tokens", &summary.access_tokens),
        ("Refresh tokens", &summary.refresh_tokens),
        ("ID tokens", &summary.id_tokens),
    ] {
        section_heading(&mut out, style, title, tokens.len());
        for t in tokens {
            render_token(&mut out, style, t);
        }
    }
    section_heading(&mut out, style, "App metadata", summary.app_metadata.len());
    for m in &summary.app_metadata {
        let _ = writeln!(
            out,
            "  client {}",
            esc(m.client_id.as_deref().unwrap_or("(none)"))
        );
        field(&mut out, style, "environment", m.environment.as_deref());
        field(&mut out, style, "family id", m.family_id.as_deref());
    }
    if !summary.other.is_empty() {
        section_heading(
            &mut out,
            style,
            "Other top-level values",
            summary.other.len(),
        );
        for o in &summary.other {
            match o.entries {
                Some(n) => {
                    let plural = if n == 1 { "entry" } else { "entries" };
                    let _ = writeln!(
                        out,
                        "  {}: an object with {n} {plural} (kept as is)",
                        esc(&o.name)
                    );
                }
                None => {
                    let _ = writeln!(
                        out,
                        "  {}: {} {} value (kept as is)",
                        esc(&o.name),
                        crate::text::article(o.kind),
                        o.kind
                    );
                }
            }
        }
    }
    if !summary.warnings.is_empty() {
        section_heading(&mut out, style, "Warnings", summary.warnings.len());
        for w in &summary.warnings {
            let _ = writeln!(out, "  {}", style.warn(&format!("warning: {}", esc(w))));
        }
    }
    out
}

fn section_heading(out: &mut String, style: Style, title: &str, n: usize) {
    let _ = writeln!(out, "\n{}", style.heading(&format!("{title} ({n})")));
}

const LABEL_WIDTH: usize = 16;

/// A value from the cache file, safe for a terminal (see [`crate::text`]).
fn esc(value: &str) -> std::borrow::Cow<'_, str> {
    crate::text::escape_controls(value)
}

fn field(out: &mut String, style: Style, label: &str, value: Option<&str>) {
    if let Some(value) = value {
        let _ = writeln!(
            out,
            "    {} {}",
            style.dim(&format!("{label:<LABEL_WIDTH$}")),
            esc(value)
        );
    }
}

/// [`field`] for a value tokencache composed and coloured itself.
fn field_styled(out: &mut String, style: Style, label: &str, value: &str) {
    let _ = writeln!(
        out,
        "    {} {value}",
        style.dim(&format!("{label:<LABEL_WIDTH$}"))
    );
}

fn render_token(out: &mut String, style: Style, t: &Token) {
    let _ = writeln!(
        out,
        "  client {}",
        esc(t.client_id.as_deref().unwrap_or("(none)"))
    );
    field(out, style, "scopes", t.target.as_deref());
    if t.app_only {
        field(
            out,
            style,
            "account",
            Some("none: app-only (client credentials)"),
        );
    }
    field(out, style, "home account id", t.home_account_id.as_deref());
    field(out, style, "realm", t.realm.as_deref());
    field(out, style, "family id", t.family_id.as_deref());
    if let (Some(exp), Some(delta)) = (t.expires_on, t.expires_in) {
        let rel = relative_expiry(delta);
        let rel = if delta >= 0 {
            style.good(&rel)
        } else {
            style.bad(&rel)
        };
        // Styled by us from numbers: not escaped.
        field_styled(out, style, "expiry", &format!("{rel} ({})", utc(exp)));
    } else if t.is_access_token {
        field_styled(
            out,
            style,
            "expiry",
            &style.warn("unknown (no readable expires_on)"),
        );
    }
    let secret = match t.secret.bytes {
        None => "(none)".to_string(),
        Some(n) if t.secret.jwt => format!(
            "{}, a JWT (not shown)",
            crate::text::count(n as u64, "byte", "bytes")
        ),
        Some(n) => format!(
            "{} (not shown)",
            crate::text::count(n as u64, "byte", "bytes")
        ),
    };
    field(out, style, "secret", Some(&secret));
    if let Some(header) = &t.secret.header {
        field(out, style, "jwt header", Some(&inline(header)));
    }
    if let Some(claims) = &t.secret.claims {
        let mut first = true;
        for (name, value) in claims {
            let mut shown = plain(value);
            if name == "exp" {
                if let Some(exp) = time_value(value) {
                    shown = format!("{shown} ({})", utc(exp));
                }
            }
            let label = if first { "jwt claims" } else { "" };
            field(out, style, label, Some(&format!("{name} {shown}")));
            first = false;
        }
        if first {
            field(
                out,
                style,
                "jwt claims",
                Some("(none of aud, iss, exp, upn, preferred_username)"),
            );
        }
    }
}

fn inline(map: &Map<String, Value>) -> String {
    map.iter()
        .map(|(k, v)| format!("{k} {}", plain(v)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn spans_and_relative_expiry() {
        assert_eq!(relative_expiry(42 * 60 + 5), "expires in 42 min");
        assert_eq!(relative_expiry(-3 * 3600 - 1), "expired 3 h ago");
        assert_eq!(relative_expiry(0), "expires now");
        assert_eq!(relative_expiry(30), "expires in 30 s");
        assert_eq!(relative_expiry(-5 * 86_400), "expired 5 d ago");
    }

    #[test]
    fn utc_dates() {
        assert_eq!(utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(utc(1_700_000_000), "2023-11-14 22:13:20 UTC");
        assert_eq!(utc(951_782_400), "2000-02-29 00:00:00 UTC");
        assert_eq!(utc(-86_400), "1969-12-31 00:00:00 UTC");
    }

    #[test]
    fn app_only_tokens_are_rendered_as_such() {
        let doc = json!({
            "AccessToken": {
                "app": {"credential_type": "AccessToken", "client_id": "c", "home_account_id": null,
                        "secret": "s", "expires_on": "100"}
            }
        });
        let options = Options {
            now: 100,
            claims: false,
        };
        let s = inspect::summarise(doc.as_object().unwrap(), options);
        let text = render(&s, Style { color: false });
        assert!(
            text.contains("none: app-only (client credentials)"),
            "{text}"
        );
        assert!(text.contains("expires now"), "{text}");
    }
}
