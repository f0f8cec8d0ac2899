//! What Kubernetes clients read: the `ExecCredential` an exec credential
//! plugin prints (`eks-token`), with the apiVersion the client asks for in
//! `KUBERNETES_EXEC_INFO` (as `aws eks get-token` answers it), and the
//! kubeconfig entries that run the plugin (`eks-kubeconfig`), printed or
//! merged into an existing kubeconfig.

use serde::Serialize;
use yaml_rust2::yaml::{Hash, Yaml};
use yaml_rust2::{YamlEmitter, YamlLoader};

use crate::clock::rfc3339;

pub const V1: &str = "client.authentication.k8s.io/v1";
pub const V1BETA1: &str = "client.authentication.k8s.io/v1beta1";
pub const V1ALPHA1: &str = "client.authentication.k8s.io/v1alpha1";

/// The `ExecCredential` JSON (one line) carrying `token`.
pub fn exec_credential(api_version: &str, token: &str, expiration: i64) -> String {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Status<'a> {
        expiration_timestamp: String,
        token: &'a str,
    }
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct ExecCredential<'a> {
        kind: &'static str,
        api_version: &'a str,
        spec: serde_json::Map<String, serde_json::Value>,
        status: Status<'a>,
    }
    let out = ExecCredential {
        kind: "ExecCredential",
        api_version,
        spec: serde_json::Map::new(),
        status: Status {
            expiration_timestamp: rfc3339(expiration),
            token,
        },
    };
    format!(
        "{}\n",
        serde_json::to_string(&out).expect("an ExecCredential serializes")
    )
}

/// The apiVersion to answer a client whose `KUBERNETES_EXEC_INFO` is
/// `exec_info`, and a warning to print, if any, as the AWS CLI decides:
/// v1 and v1beta1 as asked; v1alpha1 as asked, with a deprecation warning;
/// v1beta1 when the variable is unset or empty (clients before 1.20), and,
/// with a warning, when it is not JSON or names another version.
pub fn exec_api_version(exec_info: Option<&str>) -> (&'static str, Option<String>) {
    let Some(raw) = exec_info.filter(|s| !s.is_empty()) else {
        return (V1BETA1, None);
    };
    let asked = match serde_json::from_str::<serde_json::Value>(raw) {
        Ok(info) => info
            .get("apiVersion")
            .and_then(|v| v.as_str())
            .map(str::to_string),
        Err(_) => {
            return (
                V1BETA1,
                Some(format!(
                    "KUBERNETES_EXEC_INFO is not JSON; answering {V1BETA1} \
                     (this is likely a bug in your Kubernetes client: update it)"
                )),
            );
        }
    };
    match asked.as_deref() {
        Some(V1) => (V1, None),
        Some(V1BETA1) => (V1BETA1, None),
        Some(V1ALPHA1) => (
            V1ALPHA1,
            Some(format!(
                "the kubeconfig user uses the deprecated {V1ALPHA1}: set its \
                 exec apiVersion to {V1BETA1} (`credbroker eks-kubeconfig` writes it)"
            )),
        ),
        other => (
            V1BETA1,
            Some(format!(
                "KUBERNETES_EXEC_INFO asks for {}, which credbroker does not know; answering {V1BETA1}",
                other.map_or_else(|| "no apiVersion".to_string(), crate::error::quote)
            )),
        ),
    }
}

/// The kubeconfig entries that run a plugin, under one name.
#[derive(Clone, Debug, PartialEq)]
pub struct Entries {
    /// The name of the user, and of the cluster and context if written.
    pub name: String,
    pub command: String,
    pub args: Vec<String>,
    /// The cluster's API endpoint: a cluster and a context are written too.
    pub server: Option<String>,
    pub certificate_authority_data: Option<String>,
}

fn s(text: &str) -> Yaml {
    Yaml::String(text.to_string())
}

fn map<const N: usize>(pairs: [(&str, Yaml); N]) -> Yaml {
    Yaml::Hash(pairs.into_iter().map(|(k, v)| (s(k), v)).collect())
}

impl Entries {
    fn user(&self) -> Yaml {
        let exec = map([
            ("apiVersion", s(V1BETA1)),
            ("command", s(&self.command)),
            (
                "args",
                Yaml::Array(self.args.iter().map(|a| s(a)).collect()),
            ),
            // credbroker prompts on the terminal (an MFA code) when it must.
            ("interactiveMode", s("IfAvailable")),
        ]);
        map([("name", s(&self.name)), ("user", map([("exec", exec)]))])
    }

    fn cluster(&self) -> Option<Yaml> {
        let server = self.server.as_deref()?;
        let mut cluster = Hash::new();
        cluster.insert(s("server"), s(server));
        if let Some(ca) = &self.certificate_authority_data {
            cluster.insert(s("certificate-authority-data"), s(ca));
        }
        Some(map([
            ("name", s(&self.name)),
            ("cluster", Yaml::Hash(cluster)),
        ]))
    }

    fn context(&self) -> Option<Yaml> {
        self.server.as_ref()?;
        Some(map([
            ("name", s(&self.name)),
            (
                "context",
                map([("cluster", s(&self.name)), ("user", s(&self.name))]),
            ),
        ]))
    }
}

/// A kubeconfig holding only `entries` (and their context as the current
/// one, when there is a context).
pub fn kubeconfig(entries: &Entries) -> String {
    // An empty kubeconfig cannot fail to merge.
    merge("", entries).expect("entries merge into an empty kubeconfig")
}

/// `existing` (a kubeconfig's text; empty for none) with `entries` merged
/// in: each replaces the entry of its list with the same name, or is
/// appended; a context written becomes the current one. Everything else is
/// kept (comments are not: YAML is re-emitted, as kubectl does). An error
/// says what in `existing` is not a kubeconfig.
pub fn merge(existing: &str, entries: &Entries) -> Result<String, String> {
    // The parser's message can quote the text it stopped at: inert.
    let docs = YamlLoader::load_from_str(existing)
        .map_err(|e| format!("not YAML: {}", crate::error::excerpt(&e.to_string(), 300)))?;
    let mut root = match docs.as_slice() {
        [] | [Yaml::Null] => Hash::new(),
        [Yaml::Hash(h)] => h.clone(),
        [_] => return Err("its top level is not a mapping".into()),
        _ => return Err("it holds more than one YAML document".into()),
    };
    for (key, value) in [("apiVersion", "v1"), ("kind", "Config")] {
        if !root.contains_key(&s(key)) {
            root.insert(s(key), s(value));
        }
    }
    let lists = [
        ("clusters", entries.cluster()),
        ("contexts", entries.context()),
        ("users", Some(entries.user())),
    ];
    for (list, entry) in lists {
        let Some(entry) = entry else { continue };
        let items = match root.get(&s(list)) {
            None | Some(Yaml::Null) => Vec::new(),
            Some(Yaml::Array(items)) => items.clone(),
            Some(_) => return Err(format!("its `{list}` is not a list")),
        };
        root.insert(s(list), Yaml::Array(upsert(items, entry)));
    }
    if entries.server.is_some() {
        root.insert(s("current-context"), s(&entries.name));
    }
    let doc = Yaml::Hash(root);
    let mut out = String::new();
    YamlEmitter::new(&mut out)
        .dump(&doc)
        .map_err(|e| format!("cannot write YAML: {e}"))?;
    out.push('\n');
    // The emitter cannot write all the loader reads (a plain key longer
    // than YAML's 1,024 characters, from a flow mapping): never write a
    // kubeconfig that does not read back as what was meant.
    match YamlLoader::load_from_str(&out) {
        Ok(back) if back == [doc] => Ok(out),
        _ => Err(
            "credbroker cannot write it back as YAML that reads the same \
                  (a key longer than 1,024 characters?)"
                .into(),
        ),
    }
}

/// `items` with `entry` in place of the item of the same `name`, or appended.
fn upsert(mut items: Vec<Yaml>, entry: Yaml) -> Vec<Yaml> {
    let name = &entry["name"];
    match items.iter().position(|item| &item["name"] == name) {
        Some(i) => items[i] = entry,
        None => items.push(entry),
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_version_table() {
        let cases: [(Option<&str>, &str, bool); 9] = [
            (None, V1BETA1, false),
            (Some(""), V1BETA1, false),
            (
                Some(
                    r#"{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","spec":{"interactive":false}}"#,
                ),
                V1,
                false,
            ),
            (
                Some(r#"{"apiVersion":"client.authentication.k8s.io/v1beta1"}"#),
                V1BETA1,
                false,
            ),
            (
                Some(r#"{"apiVersion":"client.authentication.k8s.io/v1alpha1"}"#),
                V1ALPHA1,
                true,
            ),
            (
                Some(r#"{"apiVersion":"client.authentication.k8s.io/v2"}"#),
                V1BETA1,
                true,
            ),
            (Some(r#"{"kind":"ExecCredential"}"#), V1BETA1, true),
            (Some(r#"{"apiVersion":1}"#), V1BETA1, true),
            (Some("{not json"), V1BETA1, true),
        ];
        for (info, version, warns) in cases {
            let (got, warning) = exec_api_version(info);
            assert_eq!((got, warning.is_some()), (version, warns), "{info:?}");
        }
    }

    #[test]
    fn the_exec_credential_has_the_aws_cli_shape() {
        let json: serde_json::Value =
            serde_json::from_str(&exec_credential(V1, "k8s-aws-v1.x", 1_800_000_000)).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "kind": "ExecCredential",
                "apiVersion": V1,
                "spec": {},
                "status": {"expirationTimestamp": "2027-01-15T08:00:00Z", "token": "k8s-aws-v1.x"}
            })
        );
    }

    fn entries(server: Option<&str>) -> Entries {
        Entries {
            name: "prod@demo".into(),
            command: "credbroker".into(),
            args: ["eks-token", "--cluster-name", "demo", "prod"]
                .map(String::from)
                .to_vec(),
            server: server.map(str::to_string),
            certificate_authority_data: server.map(|_| "Q0E=".to_string()),
        }
    }

    fn load(text: &str) -> Yaml {
        YamlLoader::load_from_str(text).unwrap().remove(0)
    }

    #[test]
    fn a_user_alone_or_with_its_cluster_and_context() {
        let doc = load(&kubeconfig(&entries(None)));
        assert_eq!(doc["kind"].as_str(), Some("Config"));
        assert!(doc["clusters"].is_badvalue() && doc["contexts"].is_badvalue());
        let exec = &doc["users"][0]["user"]["exec"];
        assert_eq!(exec["command"].as_str(), Some("credbroker"));
        let args: Vec<&str> = exec["args"]
            .as_vec()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap())
            .collect();
        assert_eq!(args, ["eks-token", "--cluster-name", "demo", "prod"]);
        let doc = load(&kubeconfig(&entries(Some("https://k.example"))));
        assert_eq!(
            doc["clusters"][0]["cluster"]["server"].as_str(),
            Some("https://k.example")
        );
        assert_eq!(
            doc["clusters"][0]["cluster"]["certificate-authority-data"].as_str(),
            Some("Q0E=")
        );
        assert_eq!(
            doc["contexts"][0]["context"]["user"].as_str(),
            Some("prod@demo")
        );
        assert_eq!(doc["current-context"].as_str(), Some("prod@demo"));
    }

    #[test]
    fn merging_replaces_entries_of_the_same_name_and_keeps_the_rest() {
        let existing = "\
apiVersion: v1
kind: Config
preferences: {}
clusters:
- name: other
  cluster: {server: 'https://other'}
users:
- name: prod@demo
  user: {token: old}
- name: someone
  user: {token: keep}
current-context: other
";
        let doc = load(&merge(existing, &entries(Some("https://k.example"))).unwrap());
        let names = |list: &str| -> Vec<String> {
            doc[list]
                .as_vec()
                .unwrap()
                .iter()
                .map(|i| i["name"].as_str().unwrap().to_string())
                .collect()
        };
        assert_eq!(names("clusters"), ["other", "prod@demo"]);
        assert_eq!(names("users"), ["prod@demo", "someone"]);
        assert_eq!(names("contexts"), ["prod@demo"]);
        assert!(doc["users"][0]["user"]["token"].is_badvalue());
        assert_eq!(doc["users"][1]["user"]["token"].as_str(), Some("keep"));
        assert_eq!(doc["current-context"].as_str(), Some("prod@demo"));
        assert!(doc["preferences"].as_hash().is_some());
        // Without a server only the user changes, and the current context stays.
        let doc = load(&merge(existing, &entries(None)).unwrap());
        assert_eq!(doc["current-context"].as_str(), Some("other"));
    }

    #[test]
    fn what_is_not_a_kubeconfig_is_refused() {
        for bad in ["- a\n- b\n", "users: 3\n", "a: 1\n---\nb: 2\n", "a: [\n"] {
            assert!(merge(bad, &entries(None)).is_err(), "{bad:?}");
        }
        assert!(merge("\n", &entries(None)).is_ok());
    }
}
