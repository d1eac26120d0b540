//! A Kubernetes client-go exec credential plugin's answer: the
//! `ExecCredential` object kubectl (and the client libraries) read from the
//! plugin's stdout (`k8s.io/client-go/pkg/apis/clientauthentication`).
//!
//! kubectl says which version it wants in `KUBERNETES_EXEC_INFO`, an
//! `ExecCredential` with only `apiVersion`, `kind` and `spec` set (the
//! kubeconfig's `exec.apiVersion`); the answer must carry the same
//! `apiVersion` (the Python `kubernetes` client compares them). Without the
//! variable (older clients, a plugin run by hand), `v1`.

use serde_json::{json, Value};

/// The versions of `client.authentication.k8s.io` answered.
pub const VERSIONS: [&str; 2] = [
    "client.authentication.k8s.io/v1",
    "client.authentication.k8s.io/v1beta1",
];

/// What is wrong with `KUBERNETES_EXEC_INFO`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadExecInfo(pub String);

/// The `apiVersion` to answer with, from `KUBERNETES_EXEC_INFO` (`None` or
/// empty: not set).
pub fn api_version(exec_info: Option<&str>) -> Result<&'static str, BadExecInfo> {
    let Some(text) = exec_info.filter(|t| !t.trim().is_empty()) else {
        return Ok(VERSIONS[0]);
    };
    let doc: Value = serde_json::from_str(text)
        .map_err(|e| BadExecInfo(format!("KUBERNETES_EXEC_INFO is not JSON ({e})")))?;
    let version = doc
        .get("apiVersion")
        .and_then(Value::as_str)
        .ok_or_else(|| BadExecInfo("KUBERNETES_EXEC_INFO has no apiVersion".into()))?;
    VERSIONS
        .iter()
        .find(|v| **v == version)
        .copied()
        .ok_or_else(|| {
            BadExecInfo(format!(
                "KUBERNETES_EXEC_INFO asks for apiVersion {}, which tokencache does not answer (it answers {})",
                crate::text::escape_controls(version),
                VERSIONS.join(" and ")
            ))
        })
}

/// The `ExecCredential` document, pretty-printed with a trailing newline.
/// `expiration` is RFC 3339 (`2023-11-14T22:13:20Z`).
pub fn render(api_version: &str, token: &str, expiration: &str) -> String {
    let doc = json!({
        "apiVersion": api_version,
        "kind": "ExecCredential",
        "status": {
            "expirationTimestamp": expiration,
            "token": token,
        }
    });
    let mut text = serde_json::to_string_pretty(&doc).expect("JSON values always serialise");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_from_exec_info() {
        assert_eq!(api_version(None).unwrap(), VERSIONS[0]);
        assert_eq!(api_version(Some("")).unwrap(), VERSIONS[0]);
        let info = r#"{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","spec":{"interactive":false}}"#;
        assert_eq!(api_version(Some(info)).unwrap(), VERSIONS[1]);
        assert!(api_version(Some("{not json"))
            .unwrap_err()
            .0
            .contains("not JSON"));
        assert!(api_version(Some(
            r#"{"apiVersion":"client.authentication.k8s.io/v1alpha1"}"#
        ))
        .unwrap_err()
        .0
        .contains("v1alpha1"));
        assert!(api_version(Some("{}")).is_err());
    }

    #[test]
    fn document() {
        let doc: Value =
            serde_json::from_str(&render(VERSIONS[0], "t", "2023-11-14T22:13:20Z")).unwrap();
        assert_eq!(
            doc,
            json!({"apiVersion": VERSIONS[0], "kind": "ExecCredential",
                   "status": {"expirationTimestamp": "2023-11-14T22:13:20Z", "token": "t"}})
        );
    }
}
