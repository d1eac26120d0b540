//! Redeeming a refresh token, the pure half (`token --refresh`): which
//! refresh tokens MSAL would try and in which order, what is sent, whether
//! the answer is acceptable, and how it is written into the cache. The
//! network call and the lock are `crate::cmd::refresh`'s.
//!
//! # Which refresh token (MSAL Python
//! `_acquire_token_silent_by_finding_rt_belongs_to_me_or_my_family`)
//! Refresh tokens of the account (`home_account_id`, exactly) in the
//! authority's environment (exactly), newest `last_modification_time`
//! first within each group, in three groups:
//! 1. when the app has no `AppMetadata` entry there (MSAL has never seen it
//!    sign in): the family's (`family_id` "1"), stopping at the first answer
//!    that says `client_mismatch` (the app is not in the family);
//! 2. when its `AppMetadata` names a `family_id`: that family's;
//! 3. the app's own (`client_id`).
//!
//! The first success ends the search. A refresh token refused once is not
//! sent again in the same search (MSAL Python may send it twice, when it is
//! both the family's and the app's own).
//!
//! # What is written (MSAL Python `TokenCache.add` for a refresh, then
//! `update_rt`)
//! - the access token under MSAL Python's key, `target` the response's
//!   `scope` (else the scopes sent), sorted; `cached_at`, `expires_on`,
//!   `extended_expires_on`, `refresh_on` when `refresh_in` is present,
//!   `token_type` (the response's, else `Bearer`);
//! - the ID token, when one is returned;
//! - no `Account` entry: a silent refresh never creates one (MSAL's
//!   `skip_account_creation`, "to honor a concurrent remove_account()");
//! - the `AppMetadata` entry of the app in that environment, replaced:
//!   `client_id`, `environment`, and `family_id` when the response has `foci`;
//! - the refresh token that was redeemed, under the key MSAL Python computes
//!   from its fields: the same entry with the rotated `secret` and
//!   `last_modification_time`.

use serde::Serialize;
use serde_json::{json, Map, Value};

use super::entry::{decode_jwt, str_field};

/// The scopes MSAL adds to every request of a user's token.
pub const RESERVED_SCOPES: [&str; 3] = ["offline_access", "openid", "profile"];

/// The family of first-party apps that share refresh tokens (FOCI).
pub const FAMILY: &str = "1";

/// What is being refreshed: the account, the app, where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The account's home account id.
    pub home_account_id: String,
    /// The environment (the authority's host) the tokens are cached under.
    pub environment: String,
    /// The app (client id).
    pub client_id: String,
    /// The tenant of the authority (the access token's `realm`).
    pub realm: String,
}

/// A refresh token to try.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Its key in the `RefreshToken` section.
    pub key: String,
    /// The entry, as stored.
    pub entry: Value,
    /// Tried as the family's (`client_mismatch` stops the group).
    pub family_probe: bool,
}

impl Candidate {
    /// The refresh token itself.
    pub fn secret(&self) -> &str {
        str_field(&self.entry, "secret").unwrap_or("")
    }
    /// The client it was issued to.
    pub fn client_id(&self) -> Option<&str> {
        str_field(&self.entry, "client_id")
    }
    /// Its family, if any.
    pub fn family_id(&self) -> Option<&str> {
        str_field(&self.entry, "family_id").filter(|f| !f.is_empty())
    }
}

/// The groups of refresh tokens to try, in order (see the module doc).
pub fn candidates(doc: &Map<String, Value>, target: &Target) -> Vec<Vec<Candidate>> {
    let rts: Vec<(&String, &Value)> = match doc.get("RefreshToken") {
        Some(Value::Object(m)) => m
            .iter()
            .filter(|(_, e)| {
                str_field(e, "home_account_id") == Some(target.home_account_id.as_str())
                    && str_field(e, "environment") == Some(target.environment.as_str())
                    && str_field(e, "secret").is_some_and(|s| !s.is_empty())
            })
            .collect(),
        _ => Vec::new(),
    };
    let group = |keep: &dyn Fn(&Value) -> bool, family_probe: bool| -> Vec<Candidate> {
        let mut g: Vec<Candidate> = rts
            .iter()
            .filter(|(_, e)| keep(e))
            .map(|(k, e)| Candidate {
                key: (*k).clone(),
                entry: (*e).clone(),
                family_probe,
            })
            .collect();
        // Newest first; a stable sort keeps the document's order for ties.
        g.sort_by_key(|c| std::cmp::Reverse(last_modified(&c.entry)));
        g
    };
    let metadata = app_metadata(doc, &target.environment, &target.client_id);
    let mut groups = Vec::new();
    if metadata.is_none() {
        groups.push(group(&|e| str_field(e, "family_id") == Some(FAMILY), true));
    }
    if let Some(family) = metadata.and_then(|m| str_field(m, "family_id").filter(|f| !f.is_empty()))
    {
        groups.push(group(&|e| str_field(e, "family_id") == Some(family), false));
    }
    groups.push(group(
        &|e| str_field(e, "client_id") == Some(target.client_id.as_str()),
        false,
    ));
    groups
}

/// MSAL Python's `int(e.get("last_modification_time", "0"))`.
fn last_modified(entry: &Value) -> i64 {
    match entry.get("last_modification_time") {
        Some(Value::String(s)) => s.trim().parse().unwrap_or(0),
        Some(Value::Number(n)) => n.as_i64().unwrap_or(0),
        _ => 0,
    }
}

/// The app's `AppMetadata` entry in `environment` (both compared exactly,
/// as MSAL Python looks it up by key).
fn app_metadata<'d>(
    doc: &'d Map<String, Value>,
    environment: &str,
    client_id: &str,
) -> Option<&'d Value> {
    match doc.get("AppMetadata") {
        Some(Value::Object(m)) => m.values().find(|e| {
            str_field(e, "environment") == Some(environment)
                && str_field(e, "client_id") == Some(client_id)
        }),
        _ => None,
    }
}

/// The `scope` sent: the scopes asked for (as given, OIDC scopes dropped)
/// and MSAL's reserved ones, sorted, without duplicates.
pub fn request_scopes(scopes: &[String]) -> Vec<String> {
    let mut all: Vec<String> = scopes
        .iter()
        .flat_map(|s| s.split_whitespace())
        .filter(|s| !RESERVED_SCOPES.contains(&s.to_ascii_lowercase().as_str()))
        .map(str::to_string)
        .chain(RESERVED_SCOPES.iter().map(|s| s.to_string()))
        .collect();
    all.sort();
    all.dedup();
    all
}

/// The form MSAL Python posts for a public client's refresh, in its order.
pub fn form<'a>(
    client_id: &'a str,
    refresh_token: &'a str,
    scope: &'a str,
) -> Vec<(&'static str, &'a str)> {
    vec![
        ("client_id", client_id),
        ("grant_type", "refresh_token"),
        ("client_info", "1"),
        ("refresh_token", refresh_token),
        ("scope", scope),
    ]
}

/// An error answer (RFC 6749 5.2, with Entra's additions).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Refusal {
    /// `error`.
    pub error: String,
    /// `AADSTS70043`: from `error_codes`, else the description's prefix.
    pub code: Option<String>,
    /// The first line of `error_description`, without Entra's trace lines.
    pub description: String,
    /// `error_additional_info` / `suberror` names `client_mismatch`.
    pub client_mismatch: bool,
}

impl Refusal {
    /// The user must sign in again (`invalid_grant`, `interaction_required`).
    pub fn needs_sign_in(&self) -> bool {
        matches!(
            self.error.as_str(),
            "invalid_grant" | "interaction_required" | "login_required" | "consent_required"
        )
    }

    /// A confidential client's refresh token, which needs the app's secret
    /// or certificate (AADSTS7000218, or `invalid_client`).
    pub fn confidential_client(&self) -> bool {
        self.code.as_deref() == Some("AADSTS7000218") || self.error == "invalid_client"
    }
}

/// An accepted answer, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Granted {
    access_token: String,
    token_type: String,
    expires_in: i64,
    ext_expires_in: i64,
    refresh_in: Option<i64>,
    scope: Option<Vec<String>>,
    refresh_token: Option<String>,
    id_token: Option<String>,
    home_account_id: Option<String>,
    foci: Option<String>,
}

/// What the token endpoint said.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// Tokens.
    Granted(Box<Granted>),
    /// An OAuth error.
    Refused(Refusal),
}

/// Read a token endpoint's answer: an OAuth error, or a success that holds
/// everything needed to write it; anything else is `Err` (and nothing is
/// written). `now` resolves `expires_on`, which some endpoints send instead
/// of `expires_in`.
pub fn answer(body: &str, now: i64) -> Result<Answer, String> {
    let doc: Value =
        serde_json::from_str(body).map_err(|_| "the answer is not JSON".to_string())?;
    let Value::Object(doc) = doc else {
        return Err("the answer is not a JSON object".into());
    };
    if let Some(error) = doc.get("error") {
        let error = error.as_str().unwrap_or("").to_string();
        let full = doc
            .get("error_description")
            .and_then(Value::as_str)
            .unwrap_or("");
        let description = full.lines().next().unwrap_or("").trim().to_string();
        let code = doc
            .get("error_codes")
            .and_then(Value::as_array)
            .and_then(|c| c.first())
            .and_then(Value::as_i64)
            .map(|n| format!("AADSTS{n}"))
            .or_else(|| {
                let prefix: String = description
                    .strip_prefix("AADSTS")?
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                (!prefix.is_empty()).then(|| format!("AADSTS{prefix}"))
            });
        let mentions = |field: &str| match doc.get(field) {
            Some(Value::String(s)) => s == "client_mismatch",
            Some(Value::Array(a)) => a.iter().any(|v| v.as_str() == Some("client_mismatch")),
            _ => false,
        };
        return Ok(Answer::Refused(Refusal {
            error,
            code,
            description,
            client_mismatch: mentions("error_additional_info") || mentions("suberror"),
        }));
    }
    let text = |name: &str| -> Result<Option<String>, String> {
        match doc.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if !s.is_empty() => Ok(Some(s.clone())),
            Some(_) => Err(format!("its `{name}` is not a non-empty string")),
        }
    };
    let seconds = |name: &str| -> Result<Option<i64>, String> {
        let n = match doc.get(name) {
            None | Some(Value::Null) => return Ok(None),
            Some(Value::Number(n)) => n.as_i64(),
            Some(Value::String(s)) => s.trim().parse::<i64>().ok(),
            Some(_) => None,
        };
        match n {
            Some(n) if (0..=10 * 365 * 86_400).contains(&n) => Ok(Some(n)),
            _ => Err(format!("its `{name}` is not a number of seconds")),
        }
    };
    let access_token = text("access_token")?.ok_or("it has no `access_token`")?;
    let token_type = text("token_type")?.unwrap_or_else(|| "Bearer".into());
    if !token_type.eq_ignore_ascii_case("bearer") {
        return Err(format!(
            "its token is not a bearer token (`token_type` {token_type})"
        ));
    }
    let expires_in = match (seconds("expires_in")?, doc.get("expires_on")) {
        (Some(n), _) => n,
        (None, Some(on)) => {
            let on = super::entry::time_value(on).ok_or("its `expires_on` is not a time")?;
            on - now
        }
        (None, None) => 600,
    };
    if expires_in <= 0 {
        return Err("its access token has already expired".into());
    }
    let ext_expires_in = seconds("ext_expires_in")?.unwrap_or(expires_in);
    let refresh_in = match doc.get("refresh_in") {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) if n.as_i64().is_some_and(|n| n >= 0) => n.as_i64(),
        Some(_) => return Err("its `refresh_in` is not a number of seconds".into()),
    };
    let scope = text("scope")?.map(|s| s.split_whitespace().map(str::to_string).collect());
    let refresh_token = text("refresh_token")?;
    let id_token = text("id_token")?;
    let claims = match &id_token {
        Some(t) => Some(decode_jwt(t).ok_or("its `id_token` is not a JWT")?.1),
        None => None,
    };
    let home_account_id = match text("client_info")? {
        Some(info) => {
            let info = super::entry::decode_base64url(&info)
                .ok_or("its `client_info` is not base64url")?;
            let info: Value = serde_json::from_slice(&info)
                .map_err(|_| "its `client_info` is not JSON".to_string())?;
            match (str_field(&info, "uid"), str_field(&info, "utid")) {
                (Some(uid), Some(utid)) => Some(format!("{uid}.{utid}")),
                _ => claims
                    .as_ref()
                    .and_then(|c| c.get("sub"))
                    .and_then(Value::as_str)
                    .map(str::to_string),
            }
        }
        None => claims
            .as_ref()
            .and_then(|c| c.get("sub"))
            .and_then(Value::as_str)
            .map(str::to_string),
    };
    let foci = text("foci")?;
    Ok(Answer::Granted(Box::new(Granted {
        access_token,
        token_type,
        expires_in,
        ext_expires_in,
        refresh_in,
        scope,
        refresh_token,
        id_token,
        home_account_id,
        foci,
    })))
}

/// The access token written, as `token` serves it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The token.
    pub access_token: String,
    /// `token_type`.
    pub token_type: String,
    /// `expires_on`, Unix seconds.
    pub expires_on: i64,
    /// Its scopes (`target`).
    pub scopes: Vec<String>,
}

/// Write `granted` into `doc` as MSAL Python's `TokenCache.add` and
/// `update_rt` write a refresh (see the module doc). `sent_scopes` are the
/// scopes of the request; `used` the refresh token redeemed. Refused (and
/// nothing written) when the answer is for another account than the
/// refresh token's.
pub fn write(
    doc: &mut Map<String, Value>,
    target: &Target,
    used: &Candidate,
    sent_scopes: &[String],
    granted: &Granted,
    now: i64,
) -> Result<Written, String> {
    if granted.home_account_id.as_deref() != Some(target.home_account_id.as_str()) {
        return Err("its tokens are for another account than the refresh token's".into());
    }
    let home = target.home_account_id.as_str();
    let env = target.environment.as_str();
    let client = target.client_id.as_str();
    let realm = target.realm.as_str();
    let mut scopes: Vec<String> = granted
        .scope
        .clone()
        .unwrap_or_else(|| sent_scopes.to_vec());
    scopes.sort();
    let target_text = scopes.join(" ");

    let mut at = json!({
        "credential_type": "AccessToken",
        "secret": granted.access_token,
        "home_account_id": home,
        "environment": env,
        "client_id": client,
        "target": target_text,
        "realm": realm,
        "token_type": granted.token_type,
        "cached_at": now.to_string(),
        "expires_on": (now + granted.expires_in).to_string(),
        "extended_expires_on": (now + granted.ext_expires_in).to_string(),
    });
    if let Some(refresh_in) = granted.refresh_in {
        at["refresh_on"] = json!((now + refresh_in).to_string());
    }
    let at_key = [home, env, "AccessToken", client, realm, &target_text]
        .join("-")
        .to_lowercase();
    put(doc, "AccessToken", at_key, at);

    if let Some(id_token) = &granted.id_token {
        let idt = json!({
            "credential_type": "IdToken",
            "secret": id_token,
            "home_account_id": home,
            "environment": env,
            "realm": realm,
            "client_id": client,
        });
        let key = [home, env, "IdToken", client, realm, ""]
            .join("-")
            .to_lowercase();
        put(doc, "IdToken", key, idt);
    }

    let mut metadata = json!({"client_id": client, "environment": env});
    if let Some(foci) = &granted.foci {
        metadata["family_id"] = json!(foci);
    }
    put(
        doc,
        "AppMetadata",
        format!("appmetadata-{env}-{client}"),
        metadata,
    );

    if let Some(new_rt) = &granted.refresh_token {
        let mut rt = used.entry.clone();
        rt["secret"] = json!(new_rt);
        rt["last_modification_time"] = json!(now.to_string());
        let field = |name: &str| str_field(&used.entry, name).unwrap_or("").to_string();
        let key = [
            field("home_account_id"),
            field("environment"),
            "RefreshToken".to_string(),
            field("client_id"),
            String::new(),
            field("target"),
        ]
        .join("-")
        .to_lowercase();
        put(doc, "RefreshToken", key, rt);
    }
    Ok(Written {
        access_token: granted.access_token.clone(),
        token_type: granted.token_type.clone(),
        expires_on: now + granted.expires_in,
        scopes,
    })
}

/// `cache[section][key] = entry`, as a Python dict assignment: an existing
/// key keeps its place, a new one (or a new section) goes last.
fn put(doc: &mut Map<String, Value>, section: &str, key: String, entry: Value) {
    let slot = doc
        .entry(section.to_string())
        .or_insert_with(|| Value::Object(Map::new()));
    if !slot.is_object() {
        *slot = Value::Object(Map::new());
    }
    if let Value::Object(entries) = slot {
        entries.insert(key, entry);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOME: &str = "uid.utid";
    const ENV: &str = "login.microsoftonline.com";

    fn target(client: &str) -> Target {
        Target {
            home_account_id: HOME.into(),
            environment: ENV.into(),
            client_id: client.into(),
            realm: "utid".into(),
        }
    }

    fn rt(client: &str, family: Option<&str>, lmt: &str) -> Value {
        let mut e = json!({"credential_type": "RefreshToken", "secret": format!("rt-{client}-{lmt}"),
            "home_account_id": HOME, "environment": ENV, "client_id": client, "target": "s",
            "last_modification_time": lmt});
        if let Some(f) = family {
            e["family_id"] = json!(f);
        }
        e
    }

    fn doc(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => unreachable!(),
        }
    }

    fn secrets(groups: &[Vec<Candidate>]) -> Vec<Vec<String>> {
        groups
            .iter()
            .map(|g| g.iter().map(|c| c.secret().to_string()).collect())
            .collect()
    }

    #[test]
    fn own_refresh_token_then_the_family_as_msal_orders_them() {
        let d = doc(json!({
            "RefreshToken": {
                "a": rt("app", None, "10"),
                "b": rt("app", None, "20"),
                "f": rt("cli", Some("1"), "5"),
                "x": {"home_account_id": "other", "environment": ENV, "client_id": "app", "secret": "no"}
            },
            "AppMetadata": {"m": {"client_id": "app", "environment": ENV}}
        }));
        // Known, not in a family: only its own, newest first.
        assert_eq!(
            secrets(&candidates(&d, &target("app"))),
            [["rt-app-20", "rt-app-10"]]
        );
        // Never seen: the family first (a probe), then its own.
        let groups = candidates(&d, &target("new"));
        assert_eq!(secrets(&groups), [vec!["rt-cli-5"], vec![]]);
        assert!(groups[0][0].family_probe);
        // In the family: the family's, then its own.
        let mut d = d;
        d["AppMetadata"] = json!({"m": {"client_id": "app", "environment": ENV, "family_id": "1"}});
        assert_eq!(
            secrets(&candidates(&d, &target("app"))),
            [vec!["rt-cli-5"], vec!["rt-app-20", "rt-app-10"]]
        );
        // Another environment holds nothing for this one.
        let mut t = target("app");
        t.environment = "login.windows.net".into();
        assert!(candidates(&d, &t).iter().all(Vec::is_empty));
    }

    #[test]
    fn the_request_is_msal_pythons() {
        let scopes = request_scopes(&["https://graph.microsoft.com/User.Read openid".into()]);
        assert_eq!(
            scopes,
            [
                "https://graph.microsoft.com/User.Read",
                "offline_access",
                "openid",
                "profile"
            ]
        );
        let f = form("c", "r", "a b");
        assert_eq!(
            f.iter().map(|(k, _)| *k).collect::<Vec<_>>(),
            [
                "client_id",
                "grant_type",
                "client_info",
                "refresh_token",
                "scope"
            ]
        );
    }

    fn b64(v: &Value) -> String {
        use base64::Engine as _;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap())
    }

    #[test]
    fn answers_are_validated_before_anything_is_written() {
        let info = b64(&json!({"uid": "uid", "utid": "utid"}));
        let ok = json!({"access_token": "at", "token_type": "Bearer", "expires_in": 3600,
            "ext_expires_in": "7200", "refresh_in": 1800, "scope": "b a", "refresh_token": "rt2",
            "client_info": info, "foci": "1"});
        let Answer::Granted(g) = answer(&ok.to_string(), 100).unwrap() else {
            panic!()
        };
        assert_eq!(g.home_account_id.as_deref(), Some(HOME));
        assert_eq!(
            (g.expires_in, g.ext_expires_in, g.refresh_in),
            (3600, 7200, Some(1800))
        );
        for bad in [
            json!({"token_type": "Bearer", "expires_in": 3600}),
            json!({"access_token": "", "expires_in": 3600}),
            json!({"access_token": "at", "token_type": "pop", "expires_in": 3600}),
            json!({"access_token": "at", "expires_in": "soon"}),
            json!({"access_token": "at", "expires_in": 3600, "id_token": "not.a"}),
            json!({"access_token": "at", "expires_in": 3600, "client_info": "%%%"}),
            json!([1]),
        ] {
            assert!(answer(&bad.to_string(), 100).is_err(), "{bad}");
        }
        assert!(answer("<html>", 100).is_err());
        let refused = json!({"error": "invalid_grant", "error_description": "AADSTS70043: The refresh token has expired.\r\nTrace ID: x", "error_codes": [70043]});
        let Answer::Refused(r) = answer(&refused.to_string(), 100).unwrap() else {
            panic!()
        };
        assert_eq!(r.code.as_deref(), Some("AADSTS70043"));
        assert_eq!(r.description, "AADSTS70043: The refresh token has expired.");
        assert!(r.needs_sign_in() && !r.client_mismatch);
        let mismatch =
            json!({"error": "invalid_grant", "error_additional_info": ["client_mismatch"]});
        let Answer::Refused(r) = answer(&mismatch.to_string(), 100).unwrap() else {
            panic!()
        };
        assert!(r.client_mismatch && r.code.is_none());
    }

    #[test]
    fn written_as_msal_python_writes_a_refresh() {
        let mut d = doc(json!({
            "AccessToken": {},
            "RefreshToken": {"uid.utid-login.microsoftonline.com-refreshtoken-app--s": rt("app", None, "10")},
            "AppMetadata": {"appmetadata-login.microsoftonline.com-app": {"client_id": "app", "environment": ENV, "family_id": "1"}}
        }));
        let groups = candidates(&d, &target("app"));
        let used = groups.last().unwrap()[0].clone();
        let info = b64(&json!({"uid": "uid", "utid": "utid"}));
        let body = json!({"access_token": "at2", "expires_in": 3600, "refresh_in": 1800,
            "scope": "s2 s1", "refresh_token": "rt2", "client_info": info});
        let Answer::Granted(g) = answer(&body.to_string(), 1000).unwrap() else {
            panic!()
        };
        let sent = request_scopes(&["s1".into()]);
        let w = write(&mut d, &target("app"), &used, &sent, &g, 1000).unwrap();
        assert_eq!(w.expires_on, 4600);
        let at = &d["AccessToken"]["uid.utid-login.microsoftonline.com-accesstoken-app-utid-s1 s2"];
        assert_eq!(at["target"], "s1 s2");
        assert_eq!(at["refresh_on"], "2800");
        assert_eq!(at["extended_expires_on"], "4600");
        assert_eq!(at["token_type"], "Bearer");
        let rt = &d["RefreshToken"]["uid.utid-login.microsoftonline.com-refreshtoken-app--s"];
        assert_eq!(rt["secret"], "rt2");
        assert_eq!(rt["last_modification_time"], "1000");
        assert_eq!(
            d["RefreshToken"].as_object().unwrap().len(),
            1,
            "rotated in place"
        );
        // No foci in the answer: the app's metadata loses its family, as MSAL Python writes it.
        assert_eq!(
            d["AppMetadata"]["appmetadata-login.microsoftonline.com-app"],
            json!({"client_id": "app", "environment": ENV})
        );
        assert!(d.get("Account").is_none(), "a refresh creates no account");
        // Another account's answer is refused.
        let other = b64(&json!({"uid": "x", "utid": "y"}));
        let body = json!({"access_token": "at3", "expires_in": 3600, "client_info": other});
        let Answer::Granted(g) = answer(&body.to_string(), 1000).unwrap() else {
            panic!()
        };
        let before = d.clone();
        assert!(write(&mut d, &target("app"), &used, &sent, &g, 1000).is_err());
        assert_eq!(d, before);
    }
}
