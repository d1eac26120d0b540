//! The Secret Service store itself, over D-Bus (Linux only; see the
//! module above for where and how it keeps the cache).

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use base64::Engine as _;

use super::client::{Collection, Item, SecretService, SsError};
use crate::error::{fmt_duration, Error, Result};
use crate::fsutil;
use crate::store::file::unique_suffix;
use crate::store::keyring_layout::{KeyringLayout, SecretEncoding};
use crate::store::{Description, Fact, Store, StoreKind, VERIFY_DATA};

/// keytar's (and libsecret's generic) schema name.
pub const DEFAULT_SCHEMA: &str = "org.freedesktop.Secret.Generic";
/// The content type keytar and `secret-tool` give their secrets.
const CONTENT_TYPE: &str = "text/plain";
/// The account prefix of validation items (`verify`).
const VERIFY_ACCOUNT_PREFIX: &str = "tokencache-verify-";
/// The store's name in errors.
const STORE: &str = "secret-service";

/// Where and how the item lives: everything an operation on the worker
/// thread needs, owned.
#[derive(Debug, Clone)]
struct Layout {
    /// `--collection`, or `None` for the default collection.
    collection: Option<String>,
    /// The `xdg:schema` attribute written.
    schema: String,
    /// Whether the schema was asked for explicitly (then it is also matched).
    schema_explicit: bool,
    /// The attributes the item is found by.
    lookup: Vec<(String, String)>,
    /// The item label written.
    label: String,
    /// How the secret holds the JSON.
    encoding: SecretEncoding,
    /// The `service` attribute of validation items.
    verify_service: String,
}

impl Layout {
    /// The attributes a new item gets: `xdg:schema` first, then the lookup set.
    fn full_attributes(&self) -> Vec<(String, String)> {
        let mut attrs = vec![("xdg:schema".to_string(), self.schema.clone())];
        attrs.extend(
            self.lookup
                .iter()
                .filter(|(k, _)| k != "xdg:schema")
                .cloned(),
        );
        attrs
    }

    /// The attributes searched for.
    fn search_attributes(&self) -> Vec<(String, String)> {
        if self.schema_explicit {
            self.full_attributes()
        } else {
            self.lookup.clone()
        }
    }
}

/// What the last operation saw of the collection, for `verify`'s report.
#[derive(Debug, Clone)]
struct Observed {
    path: String,
    label: String,
    locked: bool,
    /// The `xdg:schema` of items with the lookup attributes that belong to
    /// another schema, and so were left alone.
    foreign: Vec<String>,
}

/// What the Secret Service store needs to know, built by `open.rs` from
/// the command line.
#[derive(Debug, Clone)]
pub struct SecretServiceSettings {
    /// The marker file written after every save (the cache path).
    pub cache_path: PathBuf,
    /// `--service`: the `service` attribute, and the validation items' service.
    pub service: String,
    /// `--account`: the `account` attribute.
    pub account: String,
    /// Collection, schema, attributes, label and encoding.
    pub layout: KeyringLayout,
    /// `--keyring-timeout`: the bound on every operation.
    pub timeout: Duration,
}

/// A cache kept as one Secret Service item.
#[derive(Debug)]
pub struct SecretServiceStore {
    cache_path: PathBuf,
    layout: Layout,
    timeout: Duration,
    observed: RefCell<Option<Observed>>,
}

impl SecretServiceStore {
    /// The store `settings` describe (nothing is contacted yet).
    pub fn new(settings: SecretServiceSettings) -> SecretServiceStore {
        let k = &settings.layout;
        let attr_schema = k
            .attributes
            .iter()
            .find(|(key, _)| key == "xdg:schema")
            .map(|(_, v)| v.clone());
        let schema_explicit = k.schema.is_some() || attr_schema.is_some();
        let schema = k
            .schema
            .clone()
            .or(attr_schema)
            .unwrap_or_else(|| DEFAULT_SCHEMA.to_string());
        let lookup: Vec<(String, String)> = if k.attributes.is_empty() {
            vec![
                ("service".to_string(), settings.service.clone()),
                ("account".to_string(), settings.account.clone()),
            ]
        } else {
            k.attributes
                .iter()
                .filter(|(key, _)| key != "xdg:schema")
                .cloned()
                .collect()
        };
        SecretServiceStore {
            cache_path: settings.cache_path,
            layout: Layout {
                collection: k.collection.clone(),
                schema,
                schema_explicit,
                lookup,
                label: k
                    .label
                    .clone()
                    .unwrap_or_else(|| format!("{}/{}", settings.service, settings.account)),
                encoding: k.encoding,
                verify_service: settings.service.clone(),
            },
            timeout: settings.timeout,
            observed: RefCell::new(None),
        }
    }

    /// Run `op` against a fresh connection on a worker thread, and give up
    /// after the keyring timeout. On a timeout the worker is abandoned; it
    /// ends with the process.
    fn run<T: Send + 'static>(
        &self,
        op: impl FnOnce(&SecretService, &Layout) -> Result<(T, Observed), Diagnosis> + Send + 'static,
    ) -> Result<T> {
        let layout = self.layout.clone();
        let (tx, rx) = mpsc::sync_channel(1);
        let spawned = std::thread::Builder::new()
            .name("secret-service".into())
            .spawn(move || {
                let result = connect(&layout).and_then(|ss| op(&ss, &layout));
                let _ = tx.send(result);
            });
        if let Err(e) = spawned {
            return Err(
                Diagnosis::Other(format!("cannot start a thread for the D-Bus call: {e}"))
                    .into_error(self),
            );
        }
        match rx.recv_timeout(self.timeout) {
            Ok(Ok((value, observed))) => {
                *self.observed.borrow_mut() = Some(observed);
                Ok(value)
            }
            Ok(Err(diagnosis)) => Err(diagnosis.into_error(self)),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                Err(Diagnosis::Timeout(Some(self.timeout)).into_error(self))
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => Err(Diagnosis::Other(
                "the D-Bus worker thread failed without an answer".into(),
            )
            .into_error(self)),
        }
    }

    fn collection_name(&self) -> String {
        match &self.layout.collection {
            None => "default".to_string(),
            Some(name) => name.clone(),
        }
    }

    fn write_marker(&self) -> Result<()> {
        fsutil::ensure_private_dir(fsutil::parent_dir(&self.cache_path))?;
        // Linux only: a replace is retried only on Windows.
        fsutil::write_atomic(&self.cache_path, b"{}", fsutil::DEFAULT_REPLACE_PATIENCE)
    }
}

impl Store for SecretServiceStore {
    fn kind(&self) -> StoreKind {
        StoreKind::SecretService
    }

    fn load(&self) -> Result<Option<Vec<u8>>> {
        let secret = self.run(|ss, layout| {
            let (coll, mut observed, found) = open_unlocked(ss, layout, true)?;
            let found = match best_match(&coll, layout, &mut observed, found)? {
                Some(item) => Some(item.get_secret().map_err(|e| classify(e, Phase::Item))?),
                None => None,
            };
            Ok((found, observed))
        })?;
        match secret {
            None => Ok(None),
            Some(bytes) if bytes.is_empty() => Ok(None),
            Some(bytes) => decode(bytes, self.layout.encoding)
                .map(Some)
                .map_err(|detail| Error::Corrupt {
                    location: self.describe().summary,
                    detail,
                }),
        }
    }

    fn save(&self, data: &[u8]) -> Result<()> {
        let secret = match self.layout.encoding {
            SecretEncoding::Base64 => base64::engine::general_purpose::STANDARD
                .encode(data)
                .into_bytes(),
            SecretEncoding::Auto | SecretEncoding::Raw => data.to_vec(),
        };
        self.run(move |ss, layout| {
            let (coll, mut observed, found) = open_unlocked(ss, layout, true)?;
            match best_match(&coll, layout, &mut observed, found)? {
                Some(item) => item
                    .set_secret(&secret, CONTENT_TYPE)
                    .map_err(|e| classify(e, Phase::Item))?,
                None => {
                    let attrs = layout.full_attributes();
                    coll.create_item(&layout.label, as_map(&attrs), &secret, true, CONTENT_TYPE)
                        .map_err(|e| classify(e, Phase::Item))?;
                }
            }
            Ok(((), observed))
        })?;
        self.write_marker()
    }

    fn delete(&self) -> Result<bool> {
        let removed = self.run(|ss, layout| {
            let (coll, mut observed, found) = open_unlocked(ss, layout, true)?;
            let items = matching(&coll, layout, &mut observed, found)?;
            for item in &items {
                item.delete().map_err(|e| classify(e, Phase::Item))?;
            }
            Ok((!items.is_empty(), observed))
        })?;
        fsutil::check_regular_or_missing(&self.cache_path)?;
        fsutil::remove_file(&self.cache_path)?;
        Ok(removed)
    }

    fn verify(&self) -> Result<()> {
        let account = format!(
            "{VERIFY_ACCOUNT_PREFIX}{}-{}",
            std::process::id(),
            unique_suffix()
        );
        let outcome = self.run(move |ss, layout| {
            let (coll, mut observed, _) = open_unlocked(ss, layout, false)?;
            remove_stale_validation_items(&coll, layout);
            // Only to tell the user about items of another schema.
            matching(&coll, layout, &mut observed, None)?;
            let attrs = vec![
                ("xdg:schema".to_string(), layout.schema.clone()),
                ("service".to_string(), layout.verify_service.clone()),
                ("account".to_string(), account),
            ];
            let round_trip = (|| {
                let item = coll
                    .create_item(
                        "tokencache verification item",
                        as_map(&attrs),
                        VERIFY_DATA,
                        false,
                        CONTENT_TYPE,
                    )
                    .map_err(|e| classify(e, Phase::Item))?;
                let back = item.get_secret().map_err(|e| classify(e, Phase::Item))?;
                Ok(back == VERIFY_DATA)
            })();
            // Delete on every path, found again by its unique attributes in
            // case creating it failed half-way.
            let cleanup = search(&coll, &attrs).and_then(|items| {
                items
                    .iter()
                    .try_for_each(|item| item.delete().map_err(|e| classify(e, Phase::Item)))
            });
            let same = round_trip?;
            cleanup?;
            Ok((same, observed))
        })?;
        if outcome {
            Ok(())
        } else {
            Err(
                Diagnosis::Other("the validation item did not read back what was written".into())
                    .into_error(self),
            )
        }
    }

    fn describe(&self) -> Description {
        let layout = &self.layout;
        let shown = |attrs: &[(String, String)]| {
            attrs
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let observed = self.observed.borrow();
        let collection = match (&*observed, &layout.collection) {
            (Some(o), _) => format!(
                "{} (label \"{}\", {})",
                self.collection_name(),
                o.label,
                o.path
            ),
            (None, _) => self.collection_name(),
        };
        let locked = observed.as_ref().map(|o| o.locked);
        let foreign = observed
            .as_ref()
            .map(|o| o.foreign.clone())
            .unwrap_or_default();
        let encoding = match layout.encoding {
            SecretEncoding::Auto => "auto (writes raw UTF-8 JSON; reads raw or base64)",
            SecretEncoding::Raw => "raw UTF-8 JSON",
            SecretEncoding::Base64 => "base64 of the UTF-8 JSON",
        };
        let mut fields = vec![
            ("attributes", shown(&layout.full_attributes()).into()),
            ("lookup", shown(&layout.search_attributes()).into()),
            ("label", layout.label.clone().into()),
            ("collection", collection.into()),
            ("locked", Fact::Flag(locked)),
            ("encoding", encoding.into()),
            ("content_type", CONTENT_TYPE.into()),
            ("marker", self.cache_path.display().to_string().into()),
            ("timeout", fmt_duration(self.timeout).into()),
        ];
        if !foreign.is_empty() {
            // Schema names come from another application: escaped.
            let schemas = foreign
                .iter()
                .map(|s| format!("xdg:schema={}", crate::text::escape_controls(s)))
                .collect::<Vec<_>>()
                .join(", ");
            fields.push((
                "left_alone",
                format!(
                    "{} item(s) with {} but another application's schema ({schemas}); tokencache neither \
                     reads, overwrites nor deletes them (pass --schema to use one)",
                    foreign.len(),
                    shown(&layout.lookup)
                )
                .into(),
            ));
        }
        Description {
            summary: format!(
                "Secret Service item {} in the {} collection",
                shown(&layout.lookup),
                self.collection_name()
            ),
            fields,
        }
    }
}

/// Connect to the session bus and open an encrypted session (looking up the
/// collection's alias in the same round trip). Prompts are never shown: a
/// call that answers with one fails at once.
fn connect(layout: &Layout) -> Result<SecretService, Diagnosis> {
    if bus_address_missing() {
        return Err(Diagnosis::NoBus(
            "no D-Bus session bus: DBUS_SESSION_BUS_ADDRESS is not set and there is no socket at $XDG_RUNTIME_DIR/bus"
                .into(),
        ));
    }
    let alias = layout.collection.as_deref().unwrap_or("default");
    SecretService::connect(alias).map_err(|e| classify(e, Phase::Connect))
}

/// Whether libdbus would find no session bus address at all.
fn bus_address_missing() -> bool {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    if set("DBUS_SESSION_BUS_ADDRESS") {
        return false;
    }
    match std::env::var_os("XDG_RUNTIME_DIR").filter(|v| !v.is_empty()) {
        Some(dir) => !Path::new(&dir).join("bus").exists(),
        None => true,
    }
}

/// Open the configured collection and refuse it when locked. With `search`,
/// the items with the lookup attributes are asked for in the same round trip
/// (for [`matching`]).
#[allow(clippy::type_complexity)]
fn open_unlocked<'a>(
    ss: &'a SecretService,
    layout: &Layout,
    search: bool,
) -> Result<(Collection<'a>, Observed, Option<Vec<Item<'a>>>), Diagnosis> {
    let coll = open_collection(ss, layout.collection.as_deref())?;
    let attrs = layout.search_attributes();
    let (label, locked, found) = coll
        .state_and_search(search.then(|| as_map(&attrs)))
        .map_err(|e| classify(e, Phase::Collection))?;
    let observed = Observed {
        path: coll.path.to_string(),
        label,
        locked,
        foreign: Vec::new(),
    };
    if locked {
        return Err(Diagnosis::Locked(format!(
            "the collection \"{}\" ({}) is locked, and tokencache never shows an unlock prompt",
            observed.label, observed.path
        )));
    }
    let found = found.transpose().map_err(|e| classify(e, Phase::Item))?;
    Ok((coll, observed, found))
}

fn open_collection<'a>(
    ss: &'a SecretService,
    name: Option<&str>,
) -> Result<Collection<'a>, Diagnosis> {
    let Some(name) = name else {
        return ss.get_default_collection().map_err(|e| match e {
            SsError::NoResult => {
                Diagnosis::NoCollection("the Secret Service has no default collection".into())
            }
            other => classify(other, Phase::Collection),
        });
    };
    match ss.get_collection_by_alias(name) {
        Ok(coll) => return Ok(coll),
        Err(SsError::NoResult) => {}
        Err(e) => return Err(classify(e, Phase::Collection)),
    }
    let all = ss
        .get_all_collections()
        .map_err(|e| classify(e, Phase::Collection))?;
    for coll in all {
        let by_path = coll.path.rsplit('/').next() == Some(name);
        if by_path
            || coll
                .get_label()
                .map_err(|e| classify(e, Phase::Collection))?
                == name
        {
            return Ok(coll);
        }
    }
    Err(Diagnosis::NoCollection(format!(
        "the Secret Service has no collection with the alias or label \"{name}\""
    )))
}

fn as_map(attrs: &[(String, String)]) -> HashMap<&str, &str> {
    attrs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

fn search<'a>(
    coll: &'a Collection<'_>,
    attrs: &[(String, String)],
) -> Result<Vec<Item<'a>>, Diagnosis> {
    coll.search_items(as_map(attrs))
        .map_err(|e| classify(e, Phase::Item))
}

/// The items with the lookup attributes whose schema is ours (see the module
/// doc); the schemas of the others are noted in `observed.foreign`. `found`:
/// the search's answer when [`open_unlocked`] already asked.
fn matching<'a>(
    coll: &'a Collection<'_>,
    layout: &Layout,
    observed: &mut Observed,
    found: Option<Vec<Item<'a>>>,
) -> Result<Vec<Item<'a>>, Diagnosis> {
    let items = match found {
        Some(items) => items,
        None => search(coll, &layout.search_attributes())?,
    };
    if layout.schema_explicit {
        // xdg:schema is part of the search.
        return Ok(items);
    }
    let mut ours = Vec::with_capacity(items.len());
    for item in items {
        let attrs = item
            .get_attributes()
            .map_err(|e| classify(e, Phase::Item))?;
        match attrs.get("xdg:schema") {
            Some(schema) if *schema != layout.schema => observed.foreign.push(schema.clone()),
            _ => ours.push(item),
        }
    }
    Ok(ours)
}

/// The item `read` returns and `write` updates: among the items matching the
/// lookup attributes and schema, the one with exactly the full layout, else
/// the first.
fn best_match<'a>(
    coll: &'a Collection<'_>,
    layout: &Layout,
    observed: &mut Observed,
    found: Option<Vec<Item<'a>>>,
) -> Result<Option<Item<'a>>, Diagnosis> {
    let mut items = matching(coll, layout, observed, found)?;
    if items.len() <= 1 {
        return Ok(items.pop());
    }
    let wanted: HashMap<String, String> = layout.full_attributes().into_iter().collect();
    let mut exact = None;
    for (i, item) in items.iter().enumerate() {
        if item
            .get_attributes()
            .map_err(|e| classify(e, Phase::Item))?
            == wanted
        {
            exact = Some(i);
            break;
        }
    }
    Ok(Some(items.swap_remove(exact.unwrap_or(0))))
}

/// Delete validation items of this service left by tokencache runs that were
/// killed mid-verification (their pid is gone). Best effort.
fn remove_stale_validation_items(coll: &Collection<'_>, layout: &Layout) {
    let query = vec![("service".to_string(), layout.verify_service.clone())];
    let Ok(items) = search(coll, &query) else {
        return;
    };
    for item in items {
        let Ok(attrs) = item.get_attributes() else {
            continue;
        };
        let Some(rest) = attrs
            .get("account")
            .and_then(|a| a.strip_prefix(VERIFY_ACCOUNT_PREFIX))
        else {
            continue;
        };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        if let Some(pid) = pid {
            if pid != std::process::id() && crate::process::pid_alive(pid) == Some(false) {
                let _ = item.delete();
            }
        }
    }
}

/// Turn a stored secret back into the cache JSON.
fn decode(secret: Vec<u8>, encoding: SecretEncoding) -> std::result::Result<Vec<u8>, String> {
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.decode(bytes.trim_ascii());
    match encoding {
        SecretEncoding::Raw => Ok(secret),
        SecretEncoding::Base64 => b64(&secret)
            // Never the decoder's message: it quotes a byte of the secret and its offset.
            .map_err(|_| "--encoding base64 was given but the secret is not base64".to_string()),
        SecretEncoding::Auto => {
            if secret.trim_ascii_start().first() == Some(&b'{') {
                return Ok(secret);
            }
            match b64(&secret) {
                Ok(decoded) if decoded.trim_ascii_start().first() == Some(&b'{') => Ok(decoded),
                _ => Ok(secret),
            }
        }
    }
}

/// Where a D-Bus error happened, which decides what it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Connect,
    Collection,
    Item,
}

/// Why the Secret Service cannot be used, each with its own fix.
#[derive(Debug)]
enum Diagnosis {
    NoBus(String),
    NoProvider(String),
    NoCollection(String),
    Locked(String),
    AccessDenied(String),
    /// `Some`: our deadline; `None`: a single D-Bus call got no reply.
    Timeout(Option<Duration>),
    Other(String),
}

fn classify(err: SsError, phase: Phase) -> Diagnosis {
    match err {
        SsError::Prompt => Diagnosis::Locked(
            "the Secret Service asked for an unlock prompt, and tokencache never shows one".into(),
        ),
        SsError::NoResult if phase == Phase::Collection => {
            Diagnosis::NoCollection("the Secret Service has no such collection".into())
        }
        SsError::Dbus(e) => {
            let name = e.name().unwrap_or("").to_string();
            let message = e.message().unwrap_or("").to_string();
            let short = name.rsplit('.').next().unwrap_or("");
            let detail = if name.is_empty() {
                message.clone()
            } else {
                format!("{name}: {message}")
            };
            match short {
                "ServiceUnknown" | "NameHasNoOwner" | "ServiceNotFound" => Diagnosis::NoProvider(format!(
                    "no Secret Service provider on the session bus (nothing owns org.freedesktop.secrets; {detail})"
                )),
                "NoReply" | "Timeout" | "TimedOut" => Diagnosis::Timeout(None),
                "AccessDenied" | "AuthFailed" | "InteractiveAuthorizationRequired" => {
                    Diagnosis::AccessDenied(format!("the Secret Service refused access ({detail})"))
                }
                "IsLocked" => Diagnosis::Locked(format!("the collection or item is locked ({detail})")),
                "NoSuchObject" | "UnknownObject" if phase == Phase::Collection => {
                    Diagnosis::NoCollection(format!("the collection does not exist ({detail})"))
                }
                _ if phase == Phase::Connect && !name.starts_with("org.freedesktop.Secret") => {
                    Diagnosis::NoBus(format!("cannot connect to the D-Bus session bus ({detail})"))
                }
                _ => Diagnosis::Other(format!("a Secret Service call failed ({detail})")),
            }
        }
        other @ (SsError::NoResult | SsError::Protocol(_)) => {
            Diagnosis::Other(format!("a Secret Service call failed ({other})"))
        }
    }
}

impl Diagnosis {
    fn into_error(self, store: &SecretServiceStore) -> Error {
        let fallback = "; or, with no keyring, keep the cache in an encrypted file with a key you hold \
             (`--store encrypted-file` with `--key-file PATH` or TOKENCACHE_KEY; \
             `tokencache keygen --out PATH` makes one), or in a plaintext file with --plaintext-fallback (or --store file)";
        let (cause, hint) = match self {
            Diagnosis::NoBus(cause) => (
                cause,
                format!(
                    "run inside a desktop session, or start a session bus and a keyring for this shell: \
                     `dbus-run-session -- sh`, then `printf %s \"$PASSWORD\" | gnome-keyring-daemon --unlock --components=secrets`{fallback}"
                ),
            ),
            Diagnosis::NoProvider(cause) => (
                cause,
                format!(
                    "start a Secret Service provider on this bus: `printf %s \"$PASSWORD\" | gnome-keyring-daemon --unlock --components=secrets` \
                     (package gnome-keyring), or KeePassXC with Secret Service integration enabled{fallback}"
                ),
            ),
            Diagnosis::NoCollection(cause) => (
                cause,
                match &store.layout.collection {
                    Some(_) => "name an existing collection with --collection (an alias such as `default` or `session`, or a label), or drop --collection to use the default one".to_string(),
                    None => format!(
                        "create and unlock the login collection: \
                         `printf %s \"$PASSWORD\" | gnome-keyring-daemon --replace --unlock --components=secrets` (it becomes the default), or set a default collection in Seahorse / KeePassXC{fallback}"
                    ),
                },
            ),
            Diagnosis::Locked(cause) => (
                cause,
                format!(
                    "unlock it first: log in to the desktop session, or (gnome-keyring, headless) \
                     `printf %s \"$PASSWORD\" | gnome-keyring-daemon --replace --unlock --components=secrets`, \
                     or unlock it in Seahorse / KeePassXC; then run the command again{fallback}"
                ),
            ),
            Diagnosis::AccessDenied(cause) => (
                cause,
                format!(
                    "allow this program in the provider (KeePassXC: Secret Service integration, exposed groups; \
                     Flatpak/snap: grant talk access to org.freedesktop.secrets){fallback}"
                ),
            ),
            Diagnosis::Timeout(deadline) => (
                match deadline {
                    Some(d) => format!(
                        "no answer from the Secret Service within {} (a wedged provider, or one waiting for a user)",
                        fmt_duration(d)
                    ),
                    None => "a Secret Service call got no reply in time (a wedged provider, or one waiting for a user)".into(),
                },
                format!(
                    "check the provider (`gdbus wait --session --timeout 5 org.freedesktop.secrets`), restart it, or raise --keyring-timeout{fallback}"
                ),
            ),
            Diagnosis::Other(cause) => (
                cause,
                format!("check the Secret Service provider (gnome-keyring, KeePassXC) and its logs{fallback}"),
            ),
        };
        Error::Unavailable {
            store: STORE,
            cause,
            hint,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_decoding_takes_raw_json_or_base64_of_it() {
        let raw = b"{\"a\":1}".to_vec();
        assert_eq!(decode(raw.clone(), SecretEncoding::Auto).unwrap(), raw);
        assert_eq!(
            decode(b"eyJhIjoxfQ==".to_vec(), SecretEncoding::Auto).unwrap(),
            raw
        );
        assert_eq!(
            decode(b"eyJhIjoxfQ==\n".to_vec(), SecretEncoding::Base64).unwrap(),
            raw
        );
        // Not base64 of an object: returned as stored, for `read` to call corrupt.
        assert_eq!(
            decode(b"WzFd".to_vec(), SecretEncoding::Auto).unwrap(),
            b"WzFd"
        );
        assert_eq!(
            decode(b"nope!".to_vec(), SecretEncoding::Raw).unwrap(),
            b"nope!"
        );
        assert!(decode(b"{\"a\":1}".to_vec(), SecretEncoding::Base64).is_err());
    }

    fn settings(attrs: &[(&str, &str)], schema: Option<&str>) -> SecretServiceSettings {
        SecretServiceSettings {
            cache_path: "/x/c.json".into(),
            service: "S".into(),
            account: "A".into(),
            layout: KeyringLayout {
                schema: schema.map(str::to_string),
                attributes: attrs
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
                ..KeyringLayout::default()
            },
            timeout: Duration::from_secs(10),
        }
    }

    #[test]
    fn default_layout_is_keytars() {
        let store = SecretServiceStore::new(settings(&[], None));
        let l = &store.layout;
        assert_eq!(
            l.full_attributes(),
            [
                ("xdg:schema", DEFAULT_SCHEMA),
                ("service", "S"),
                ("account", "A")
            ]
            .map(|(k, v)| (k.to_string(), v.to_string()))
        );
        assert_eq!(
            l.search_attributes(),
            [("service", "S"), ("account", "A")].map(|(k, v)| (k.to_string(), v.to_string()))
        );
        assert_eq!(l.label, "S/A");
    }

    #[test]
    fn attributes_replace_the_lookup_set_and_schema_is_matched_when_given() {
        let store = SecretServiceStore::new(settings(
            &[("MsalClientID", "x"), ("v", "1")],
            Some("msal.cache"),
        ));
        let l = &store.layout;
        assert_eq!(
            l.lookup,
            [("MsalClientID", "x"), ("v", "1")].map(|(k, v)| (k.to_string(), v.to_string()))
        );
        assert_eq!(
            l.search_attributes()[0],
            ("xdg:schema".to_string(), "msal.cache".to_string())
        );
        assert_eq!(l.search_attributes().len(), 3);
    }
}
