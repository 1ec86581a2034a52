//! Who a token belongs to, from MAST's `/whoami` answer. The answer echoes the token itself
//! (`"token": "..."`); that field is never read into anything here.
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// False when MAST did not accept the token (invalid or expired answer `"anon": true`).
    pub valid: bool,
    pub display_name: String,
    /// `ezid` (the account name).
    pub ezid: String,
    pub scopes: Vec<String>,
}

impl Identity {
    pub fn from_whoami(v: &Value) -> Identity {
        let text = |v: Option<&Value>| {
            crate::sanitize::printable(v.and_then(Value::as_str).unwrap_or("")).into_owned()
        };
        let anon = v.get("anon").and_then(Value::as_bool).unwrap_or(true);
        let ezid = text(v.get("ezid"));
        let scopes = v
            .get("scopes")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(|s| crate::sanitize::printable(s).into_owned())
                    .collect()
            })
            .unwrap_or_default();
        Identity {
            valid: !anon && ezid != "anonymous",
            display_name: text(v.get("attrib").and_then(|a| a.get("display_name"))),
            ezid,
            scopes,
        }
    }

    /// "A. User (alice)", or the account name alone.
    pub fn name(&self) -> String {
        match (self.display_name.is_empty(), self.ezid.is_empty()) {
            (false, false) => format!("{} ({})", self.display_name, self.ezid),
            (false, true) => self.display_name.clone(),
            _ => self.ezid.clone(),
        }
    }

    pub fn has_exclusive_access(&self) -> bool {
        self.scopes.iter().any(|s| s == "mast:exclusive_access")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_and_anonymous_answers() {
        let v: Value = serde_json::from_str(
            r#"{"eppn":"alice@stsci.edu","ezid":"alice","attrib":{"display_name":"A. User"},
               "anon":false,"scopes":["mast:user:info","mast:exclusive_access"],"session":null,
               "token":"SECRET"}"#,
        )
        .unwrap();
        let id = Identity::from_whoami(&v);
        assert!(id.valid && id.has_exclusive_access());
        assert_eq!(id.name(), "A. User (alice)");
        assert!(!format!("{id:?}").contains("SECRET"));
        let anon: Value = serde_json::from_str(
            r#"{"eppn":"","ezid":"anonymous","attrib":{},"anon":true,"scopes":[],"token":null}"#,
        )
        .unwrap();
        assert!(!Identity::from_whoami(&anon).valid);
    }
}
