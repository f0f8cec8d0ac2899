//! aws-vault's keyrings as `keys import --from-aws-vault` reads them
//! (issue 18): which items hold a profile's long-term keys, what their data
//! looks like, and aws-vault's encrypted-file backend. Read only: nothing
//! here writes to aws-vault's keyrings.
//!
//! What aws-vault v7 stores (github.com/99designs/aws-vault, through
//! github.com/99designs/keyring v1.2.2 and jose2go v1.5.0):
//!
//! - A profile's long-term keys: item key = the profile name, data = Go's
//!   `json.Marshal` of an `aws.Credentials` (`AccessKeyID`,
//!   `SecretAccessKey`, `SessionToken`, `Source`, `CanExpire`, `Expires`;
//!   `vault/credentialkeyring.go`, `CredentialKeyring.Set`; `cli/add.go`
//!   fills only the first two).
//! - Cached sessions: key `<type>,<base64url profile>,<base64url mfa
//!   serial>,<unix expiry>` with type `sts.GetSessionToken`,
//!   `sts.AssumeRole`, `sso.GetRoleCredentials`, ... (and three older
//!   shapes); data = an STS `types.Credentials` (`vault/sessionkeyring.go`,
//!   `SessionMetadata.String`, `IsSessionKey`).
//! - SSO OIDC tokens: key `oidc:<start URL>` (`vault/oidctokenkeyring.go`,
//!   `IsOIDCTokenKey`).
//!
//! aws-vault lists credentials as every key that is neither a session key
//! nor an OIDC token key (`CredentialKeyring.Keys`): [`is_profile_item`] is
//! that test.
//!
//! Every backend of 99designs/keyring stores an item as Go's `json.Marshal`
//! of its `keyring.Item` (`Key`, `Data` as standard base64, `Label`,
//! `Description`, ...): [`item_data`] unwraps it.
//!
//! - Secret Service (`secretservice.go`, with go-libsecret's
//!   `Collection.CreateItem`): the collection whose D-Bus object path is
//!   `/org/freedesktop/secrets/collection/<name>` once `_XX` escapes are
//!   decoded ([`is_collection_path`]), name `awsvault` unless
//!   `AWS_VAULT_SECRET_SERVICE_COLLECTION_NAME` says otherwise
//!   (`cli/global.go`); an item's label is its key, its one attribute
//!   `profile` = the key too; the secret (content type `application/json`)
//!   is the `keyring.Item` JSON.
//! - File (`file.go`): one file per item in `~/.awsvault/keys/` (or
//!   `AWS_VAULT_FILE_DIR`), named by the key with `%` and `/` percent-encoded
//!   (mtibben/percent), holding a JWE compact serialization of the
//!   `keyring.Item` JSON: `alg` `PBES2-HS256+A128KW`, `enc` `A256GCM`, no
//!   `zip`, a `created` header, `p2c` 8192 and a 12-byte `p2s` (jose2go's
//!   `Pbse2HmacAesKW.WrapNewKey`). The passphrase comes from
//!   `AWS_VAULT_FILE_PASSPHRASE` or a prompt.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use aes_gcm::aead::{Aead, KeyInit, Payload};
use base64::Engine as _;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use serde_json::{Map, Value};

use super::{KeyringError, StoredKey};
use crate::quote::quote;
use crate::secret::Secret;

/// The Secret Service collection aws-vault uses unless told otherwise
/// (`cli/global.go`, `keyringConfigDefaults.LibSecretCollectionName` and
/// the `--secret-service-collection` flag's default).
pub const DEFAULT_COLLECTION: &str = "awsvault";
/// The variable behind aws-vault's `--secret-service-collection` flag.
pub const COLLECTION_ENV: &str = "AWS_VAULT_SECRET_SERVICE_COLLECTION_NAME";
/// The variable behind aws-vault's `--file-dir` flag.
pub const FILE_DIR_ENV: &str = "AWS_VAULT_FILE_DIR";
/// aws-vault's file keyring directory unless told otherwise (`~/` is the
/// home directory, as keyring's `ExpandTilde` has it).
pub const DEFAULT_FILE_DIR: &str = "~/.awsvault/keys/";
/// The variable aws-vault reads the file keyring's passphrase from before
/// it prompts (`cli/global.go`, `fileKeyringPassphrasePrompt`).
pub const FILE_PASSPHRASE_ENV: &str = "AWS_VAULT_FILE_PASSPHRASE";
/// The most PBKDF2 iterations (`p2c`) a file may ask for: jose2go's own
/// limit for PBES2-HS256+A128KW since v1.6 (aws-vault's jose2go writes
/// 8192). A hostile file cannot make the import spin for hours.
pub const MAX_P2C: u64 = 1_300_000;

/// The backend name in errors about an item's contents.
const BACKEND: &str = "aws-vault";
/// The backend name in errors about the file keyring.
const FILE_BACKEND: &str = "aws-vault file";

/// The fix for an item or file aws-vault would not have written.
const NOT_AWS_VAULTS: &str = "aws-vault did not write it, or it is damaged: remove it with `aws-vault remove` (or move the file out of the directory) and import again";

const ALG: &str = "PBES2-HS256+A128KW";
const ENC: &str = "A256GCM";

/// aws-vault's Secret Service collection: `AWS_VAULT_SECRET_SERVICE_COLLECTION_NAME`
/// if set and not empty, else [`DEFAULT_COLLECTION`].
pub fn collection_from_env() -> String {
    collection_from(crate::settings::env_var(COLLECTION_ENV))
}

fn collection_from(value: Option<String>) -> String {
    value
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| DEFAULT_COLLECTION.to_owned())
}

/// Whether a Secret Service collection's object path is the collection
/// keyring calls `name`: its path, with go-libsecret's `_XX` hex escapes
/// decoded (`decodeKeyringString`), is `/org/freedesktop/secrets/collection/<name>`.
/// (keyring finds its collection by path, not by label.)
pub fn is_collection_path(object_path: &str, name: &str) -> bool {
    decode_keyring_string(object_path)
        == format!("/org/freedesktop/secrets/collection/{name}").into_bytes()
}

/// keyring's `decodeKeyringString`: `_` and two hex digits is that byte;
/// a `_` without two hex digits after it leaves the whole string as it is.
fn decode_keyring_string(src: &str) -> Vec<u8> {
    let bytes = src.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'_' {
            out.push(bytes[i]);
            i += 1;
            continue;
        }
        match (
            bytes.get(i + 1).and_then(|&b| hex_digit(b)),
            bytes.get(i + 2).and_then(|&b| hex_digit(b)),
        ) {
            (Some(hi), Some(lo)) => out.push(hi << 4 | lo),
            _ => return bytes.to_vec(),
        }
        i += 3;
    }
    out
}

fn hex_digit(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// aws-vault's file keyring directory: `AWS_VAULT_FILE_DIR` if set and not
/// empty, else `~/.awsvault/keys/`; a leading `~/` is the home directory.
/// `None` when that needs a home directory and there is none.
pub fn file_dir() -> Option<PathBuf> {
    file_dir_from(
        crate::settings::env_var_os(FILE_DIR_ENV).filter(|v| !v.is_empty()),
        dirs::home_dir(),
    )
}

fn file_dir_from(value: Option<OsString>, home: Option<PathBuf>) -> Option<PathBuf> {
    let dir = value.unwrap_or_else(|| DEFAULT_FILE_DIR.into());
    // keyring's ExpandTilde: only `~` followed by the path separator.
    match dir.to_str().and_then(|d| d.strip_prefix("~/")) {
        Some(rest) => Some(home?.join(rest)),
        None => Some(PathBuf::from(dir)),
    }
}

/// Whether aws-vault keeps a profile's long-term keys under this item key:
/// anything but a session (current or old key shape) or an OIDC token, as
/// aws-vault's `CredentialKeyring.Keys` decides.
pub fn is_profile_item(key: &str) -> bool {
    !is_session_key(key) && !key.starts_with("oidc:")
}

/// aws-vault's `IsSessionKey`: `IsCurrentSessionKey || IsOldSessionKey`.
fn is_session_key(key: &str) -> bool {
    is_current_session_key(key) || is_old_session_key(key)
}

/// `sessionKeyPattern`, `^([^,]+),([^,]+),([^,]*),([0-9]{1,})$`, whose
/// second and third fields must decode as unpadded base64url and whose
/// expiry must fit an int (`NewSessionKeyFromString`).
fn is_current_session_key(key: &str) -> bool {
    let fields: Vec<&str> = key.split(',').collect();
    let [kind, profile, mfa, expiry] = fields[..] else {
        return false;
    };
    !kind.is_empty()
        && !profile.is_empty()
        && !expiry.is_empty()
        && expiry.bytes().all(|b| b.is_ascii_digit())
        && expiry.parse::<i64>().is_ok()
        && GO_URL_NO_PAD.decode(profile).is_ok()
        && GO_URL_NO_PAD.decode(mfa).is_ok()
}

/// `oldSessionKeyPatterns`:
/// `^session,([^,]+),([^,]*),([0-9]{2,})$`,
/// `^session:([^ ]+):([^ ]*):([^:]+)$` and
/// `^(.+?) session \((\d+)\)$` (Go's `.` stops at a newline).
fn is_old_session_key(key: &str) -> bool {
    if let Some(rest) = key.strip_prefix("session,") {
        let fields: Vec<&str> = rest.split(',').collect();
        if let [profile, _mfa, expiry] = fields[..]
            && !profile.is_empty()
            && expiry.len() >= 2
            && expiry.bytes().all(|b| b.is_ascii_digit())
        {
            return true;
        }
    }
    if let Some(rest) = key.strip_prefix("session:") {
        // The expiry is what follows the last `:`; before it, a profile (at
        // least one character) and an MFA serial, `:`-separated, no spaces.
        if let Some((names, expiry)) = rest.rsplit_once(':')
            && !expiry.is_empty()
            && !names.contains(' ')
            && names.get(1..).is_some_and(|n| n.contains(':'))
        {
            return true;
        }
    }
    if !key.contains('\n')
        && let Some(rest) = key.strip_suffix(')')
        && let Some((head, digits)) = rest.rsplit_once('(')
        && !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && let Some(profile) = head.strip_suffix(" session ")
        && !profile.is_empty()
    {
        return true;
    }
    false
}

/// The profile's long-term keys from an aws-vault item (its key, and its
/// data as [`item_data`] unwraps it). `Ok(None)` for items that are not a
/// profile's keys ([`is_profile_item`]) and for keys with a session token,
/// which are not long-term. Field names match case-insensitively, as Go's
/// `encoding/json` does. An error names the item, never its data.
pub fn keys_from_item(key: &str, data: &[u8]) -> Result<Option<StoredKey>, KeyringError> {
    if !is_profile_item(key) {
        return Ok(None);
    }
    let malformed = |what: String| KeyringError {
        backend: BACKEND,
        message: format!(
            "item {} is not aws-vault's credentials JSON: {what}",
            quote(key)
        ),
        fix: "re-add the profile's keys with `aws-vault add`, or leave this profile out".to_owned(),
    };
    let object = json_object(data).map_err(malformed)?;
    let field = |name: &str| go_string_field(&object, name).map_err(malformed);
    if !field("SessionToken")?.is_empty() {
        return Ok(None);
    }
    let access_key_id = field("AccessKeyID")?;
    let secret_access_key = field("SecretAccessKey")?;
    if access_key_id.is_empty() {
        return Err(malformed("no `AccessKeyID`".to_owned()));
    }
    if secret_access_key.is_empty() {
        return Err(malformed("no `SecretAccessKey`".to_owned()));
    }
    Ok(Some(StoredKey {
        access_key_id,
        secret_access_key: Secret::new(secret_access_key),
    }))
}

/// The data of a stored `keyring.Item` (the JSON every keyring backend
/// stores: a Secret Service item's secret, a file's decrypted content):
/// its `Data`, standard base64 in the JSON. `backend` and `key` name the
/// item in an error; the error never quotes the content.
pub fn item_data(
    backend: &'static str,
    key: &str,
    item_json: &[u8],
) -> Result<Vec<u8>, KeyringError> {
    let malformed = |what: String| KeyringError {
        backend,
        message: format!("item {} does not hold a keyring item: {what}", quote(key)),
        fix: NOT_AWS_VAULTS.to_owned(),
    };
    let object = json_object(item_json).map_err(malformed)?;
    match lookup(&object, "Data") {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::String(s)) => GO_STD
            .decode(s)
            .map_err(|_| malformed("`Data` is not base64".to_owned())),
        Some(_) => Err(malformed("`Data` is not a string".to_owned())),
    }
}

/// A JSON object, or what is wrong with the JSON, without any of its text
/// (serde_json's syntax errors give a position only).
fn json_object(data: &[u8]) -> Result<Map<String, Value>, String> {
    match serde_json::from_slice::<Value>(data) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err("not a JSON object".to_owned()),
        Err(e) => Err(format!(
            "invalid JSON at line {} column {}",
            e.line(),
            e.column()
        )),
    }
}

/// A field as Go's `encoding/json` finds it for a struct field: the exact
/// name, else any name equal to it ignoring ASCII case.
fn lookup<'a>(object: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    object.get(name).or_else(|| {
        object
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    })
}

/// A Go `string` field: missing or `null` is empty, anything but a string
/// an error (naming the field, not its value).
fn go_string_field(object: &Map<String, Value>, name: &str) -> Result<String, String> {
    match lookup(object, name) {
        None | Some(Value::Null) => Ok(String::new()),
        Some(Value::String(s)) => Ok(s.clone()),
        Some(_) => Err(format!("`{name}` is not a string")),
    }
}

/// Every item of aws-vault's file keyring in `dir`: its key (decoded from
/// the file name, as keyring's `fileKeyring.Keys` does) and its data
/// (decrypted with `passphrase`, unwrapped from the `keyring.Item`), by key.
/// Subdirectories are skipped; every other entry must be an item.
pub fn file_items(dir: &Path, passphrase: &Secret) -> Result<Vec<(String, Vec<u8>)>, KeyringError> {
    let entries = std::fs::read_dir(dir).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => KeyringError {
            backend: FILE_BACKEND,
            message: format!("there is no aws-vault file keyring at {}", dir.display()),
            fix: format!(
                "aws-vault keeps it in {DEFAULT_FILE_DIR} unless {FILE_DIR_ENV} names another directory: set {FILE_DIR_ENV} to the directory aws-vault uses"
            ),
        },
        _ => KeyringError {
            backend: FILE_BACKEND,
            message: format!("cannot read {}: {e}", dir.display()),
            fix: "check the directory's permissions".to_owned(),
        },
    })?;
    let mut items = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| KeyringError {
            backend: FILE_BACKEND,
            message: format!("cannot read {}: {e}", dir.display()),
            fix: "check the directory's permissions".to_owned(),
        })?;
        let path = entry.path();
        let name = entry.file_name();
        let shown = quote(&name.to_string_lossy());
        let unreadable = |what: String| KeyringError {
            backend: FILE_BACKEND,
            message: format!("file {shown} in {}: {what}", dir.display()),
            fix: NOT_AWS_VAULTS.to_owned(),
        };
        // Like keyring's os.ReadFile, follow links; a directory is no item.
        if std::fs::metadata(&path).is_ok_and(|m| m.is_dir()) {
            continue;
        }
        let key = String::from_utf8(percent_decode(name_bytes(&name)))
            .map_err(|_| unreadable("its name does not decode to UTF-8 text".to_owned()))?;
        let token = std::fs::read(&path).map_err(|e| unreadable(format!("cannot read it: {e}")))?;
        let plain = match decrypt_jwe(&token, passphrase.expose().as_bytes()) {
            Ok(plain) => plain,
            Err(JweError::WrongPassphrase) => {
                return Err(KeyringError {
                    backend: FILE_BACKEND,
                    message: format!(
                        "the passphrase does not open file {shown} in {}: wrong passphrase",
                        dir.display()
                    ),
                    fix: format!(
                        "give the passphrase aws-vault's file keyring uses (aws-vault reads it from {FILE_PASSPHRASE_ENV})"
                    ),
                });
            }
            Err(JweError::Corrupt(what)) => return Err(unreadable(what)),
            Err(JweError::TooManyIterations(p2c)) => {
                return Err(unreadable(format!(
                    "it asks for {p2c} PBKDF2 iterations, more than the {MAX_P2C} allowed (aws-vault writes 8192)"
                )));
            }
        };
        let data = item_data(FILE_BACKEND, &key, &plain).map_err(|e| KeyringError {
            message: format!("{} (file {shown} in {})", e.message, dir.display()),
            ..e
        })?;
        items.push((key, data));
    }
    items.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(items)
}

#[cfg(unix)]
fn name_bytes(name: &std::ffi::OsStr) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    name.as_bytes().to_vec()
}

#[cfg(not(unix))]
fn name_bytes(name: &std::ffi::OsStr) -> Vec<u8> {
    name.to_string_lossy().into_owned().into_bytes()
}

/// mtibben/percent's `Decode`, which keyring's file backend uses on file
/// names (its `Encode` escapes `%` and `/`): `%` and two hex digits (either
/// case) is that byte; anything else stays.
fn percent_decode(name: Vec<u8>) -> Vec<u8> {
    let mut out = Vec::with_capacity(name.len());
    let mut i = 0;
    while i < name.len() {
        if name[i] == b'%'
            && let (Some(hi), Some(lo)) = (
                name.get(i + 1).and_then(|&b| hex_digit(b)),
                name.get(i + 2).and_then(|&b| hex_digit(b)),
            )
        {
            out.push(hi << 4 | lo);
            i += 3;
        } else {
            out.push(name[i]);
            i += 1;
        }
    }
    out
}

/// Why a JWE did not decrypt.
#[derive(Debug, PartialEq, Eq)]
enum JweError {
    /// The key unwrap's integrity check failed: the passphrase is not the
    /// one the file was written with.
    WrongPassphrase,
    /// `p2c` over [`MAX_P2C`]: refused before any work.
    TooManyIterations(u64),
    /// Not a JWE of the shape keyring writes, or its content fails
    /// authentication: what is wrong, without any of its text.
    Corrupt(String),
}

/// Go's `base64.StdEncoding` as `encoding/json` decodes `[]byte`: padded,
/// non-strict (stray low bits allowed).
const GO_STD: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::RequireCanonical)
        .with_decode_allow_trailing_bits(true),
);
/// Go's `base64.URLEncoding.WithPadding(NoPadding)`, non-strict, as
/// aws-vault decodes a session key's fields.
const GO_URL_NO_PAD: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::RequireNone)
        .with_decode_allow_trailing_bits(true),
);
/// jose2go's `base64url.Decode`: padding optional.
const JOSE_B64URL: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// Decrypt a JWE compact serialization as keyring's file backend writes it
/// (jose2go: `alg` PBES2-HS256+A128KW, `enc` A256GCM): PBKDF2-HMAC-SHA256
/// over `alg || 0x00 || p2s` with `p2c` iterations gives the AES-128 key
/// that unwraps (RFC 3394) the 256-bit content key; AES-256-GCM with the
/// protected header (base64url, as jose2go re-encodes it) as AAD.
fn decrypt_jwe(token: &[u8], passphrase: &[u8]) -> Result<Vec<u8>, JweError> {
    let corrupt = |what: &str| JweError::Corrupt(what.to_owned());
    let token =
        std::str::from_utf8(token.trim_ascii()).map_err(|_| corrupt("not a JWE (not text)"))?;
    let parts: Vec<&str> = token.split('.').collect();
    let [header, wrapped_key, iv, ciphertext, tag] = parts[..] else {
        return Err(corrupt("not a JWE (not five `.`-separated parts)"));
    };
    let decode = |part: &str, what: &str| {
        JOSE_B64URL
            .decode(part)
            .map_err(|_| JweError::Corrupt(format!("its {what} is not base64url")))
    };
    let header_bytes = decode(header, "header")?;
    let header_json: Map<String, Value> = match serde_json::from_slice(&header_bytes) {
        Ok(Value::Object(object)) => object,
        _ => return Err(corrupt("its header is not a JSON object")),
    };
    if header_json.get("alg").and_then(Value::as_str) != Some(ALG) {
        return Err(JweError::Corrupt(format!("its `alg` is not {ALG}")));
    }
    if header_json.get("enc").and_then(Value::as_str) != Some(ENC) {
        return Err(JweError::Corrupt(format!("its `enc` is not {ENC}")));
    }
    if header_json.contains_key("zip") {
        return Err(corrupt(
            "it is compressed (`zip`), which aws-vault never writes",
        ));
    }
    let p2c = header_json
        .get("p2c")
        .and_then(Value::as_f64)
        .filter(|c| c.fract() == 0.0 && *c >= 1.0)
        .ok_or_else(|| corrupt("its `p2c` is not a positive whole number"))?;
    if p2c > MAX_P2C as f64 {
        return Err(JweError::TooManyIterations(if p2c < u64::MAX as f64 {
            p2c as u64
        } else {
            u64::MAX
        }));
    }
    let p2c = p2c as u32;
    let p2s = header_json
        .get("p2s")
        .and_then(Value::as_str)
        .ok_or_else(|| corrupt("it has no `p2s`"))?;
    let p2s = decode(p2s, "`p2s`")?;
    let wrapped_key = decode(wrapped_key, "encrypted key")?;
    let iv = decode(iv, "IV")?;
    let mut ciphertext = decode(ciphertext, "ciphertext")?;
    let tag = decode(tag, "tag")?;
    if wrapped_key.len() != 40 {
        return Err(corrupt("its encrypted key is not a wrapped 256-bit key"));
    }
    if iv.len() != 12 {
        return Err(corrupt("its IV is not 96 bits"));
    }
    if tag.len() != 16 {
        return Err(corrupt("its tag is not 128 bits"));
    }

    let mut salt = Vec::with_capacity(ALG.len() + 1 + p2s.len());
    salt.extend_from_slice(ALG.as_bytes());
    salt.push(0);
    salt.extend_from_slice(&p2s);
    let mut kek = [0u8; 16];
    pbkdf2::pbkdf2_hmac::<sha2::Sha256>(passphrase, &salt, p2c, &mut kek);
    let mut cek = [0u8; 32];
    aes_kw::KekAes128::from(kek)
        .unwrap(&wrapped_key, &mut cek)
        .map_err(|_| JweError::WrongPassphrase)?;

    let aad = JOSE_B64URL.encode(&header_bytes);
    ciphertext.extend_from_slice(&tag);
    let plain = aes_gcm::Aes256Gcm::new(&cek.into())
        .decrypt(
            aes_gcm::Nonce::from_slice(&iv),
            Payload {
                msg: &ciphertext,
                aad: aad.as_bytes(),
            },
        )
        .map_err(|_| corrupt("its content fails authentication (altered or damaged)"));
    kek.fill(0);
    cek.fill(0);
    plain
}

#[cfg(test)]
mod tests {
    use super::*;

    /// tests/fixtures/aws-vault/keys: written by jose2go and jwcrypto (see
    /// its README), not by this module.
    fn fixtures() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/aws-vault/keys")
    }

    const PASSPHRASE: &str = "correct horse battery staple";

    fn key(id: &str, secret: &str) -> StoredKey {
        StoredKey {
            access_key_id: id.to_owned(),
            secret_access_key: Secret::new(secret),
        }
    }

    /// A copy of the fixtures to damage.
    fn fixture_copy() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for entry in std::fs::read_dir(fixtures()).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
        }
        dir
    }

    #[test]
    fn collection_and_file_dir_follow_aws_vaults_defaults_and_variables() {
        assert_eq!(collection_from(None), "awsvault");
        assert_eq!(collection_from(Some(String::new())), "awsvault");
        assert_eq!(collection_from(Some("work".into())), "work");
        let home = Some(PathBuf::from("/home/alice"));
        assert_eq!(
            file_dir_from(None, home.clone()),
            Some(PathBuf::from("/home/alice/.awsvault/keys/"))
        );
        assert_eq!(file_dir_from(None, None), None);
        assert_eq!(
            file_dir_from(Some("~/vault".into()), home.clone()),
            Some(PathBuf::from("/home/alice/vault"))
        );
        // keyring expands `~/` only.
        assert_eq!(
            file_dir_from(Some("~alice/vault".into()), home),
            Some(PathBuf::from("~alice/vault"))
        );
        assert_eq!(
            file_dir_from(Some("/srv/keys".into()), None),
            Some(PathBuf::from("/srv/keys"))
        );
    }

    #[test]
    fn collection_path_decodes_escapes_like_keyring() {
        assert!(is_collection_path(
            "/org/freedesktop/secrets/collection/awsvault",
            "awsvault"
        ));
        assert!(is_collection_path(
            "/org/freedesktop/secrets/collection/aws_2dvault",
            "aws-vault"
        ));
        assert!(!is_collection_path(
            "/org/freedesktop/secrets/collection/login",
            "awsvault"
        ));
        assert!(!is_collection_path(
            "/org/freedesktop/secrets/collection/awsvault2",
            "awsvault"
        ));
        // A `_` without two hex digits: the path is compared as it is.
        assert!(is_collection_path(
            "/org/freedesktop/secrets/collection/a_b",
            "a_b"
        ));
    }

    #[test]
    fn only_profile_items_are_profile_items() {
        for key in [
            "work",
            "team/admin%1",
            "default",
            "a,b",
            "oidc",
            "my session",
            "a,b,c,d",
        ] {
            assert!(is_profile_item(key), "{key}");
        }
        for key in [
            // aws-vault v7's session keys (SessionMetadata.String).
            "sts.GetSessionToken,d29yaw,YXJuOmF3czppYW06OjExMTEyMjIyMzMzMzptZmEvYWxpY2U,1925089445",
            "sso.GetRoleCredentials,d29yaw,,1925089445",
            "sts.AssumeRole,d29yaw,,1",
            "credential_process,d29yaw,,1925089445",
            // The older shapes aws-vault still recognises and deletes.
            "session,work,,1700000000",
            "session:work:arn:aws:iam::111122223333:mfa/alice:1700000000",
            "session:work::1700000000",
            "work session (1700000000)",
            // OIDC tokens.
            "oidc:https://example.awsapps.com/start",
        ] {
            assert!(!is_profile_item(key), "{key}");
        }
        // Near misses aws-vault lists as credentials too.
        for key in [
            "sts.GetSessionToken,not base64!,,1925089445",
            "sts.GetSessionToken,d29yaw,,99999999999999999999",
            "sts.GetSessionToken,d29yaw==,,1925089445",
            "session:work session:1",
            "work session (17x)",
            "line\nbreak session (1)",
        ] {
            assert!(is_profile_item(key), "{key:?}");
        }
    }

    #[test]
    fn keys_come_from_aws_vaults_credentials_json() {
        // Go's json.Marshal(aws.Credentials{...}), as `aws-vault add` stores it.
        let data = br#"{"AccessKeyID":"AKIAIOSFODNN7EXAMPLE","SecretAccessKey":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY","SessionToken":"","Source":"","CanExpire":false,"Expires":"0001-01-01T00:00:00Z"}"#;
        assert_eq!(
            keys_from_item("work", data).unwrap(),
            Some(key(
                "AKIAIOSFODNN7EXAMPLE",
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
            ))
        );
        // Go matches field names ignoring case; unknown fields are ignored.
        let data = br#"{"accessKeyId":"AKIAIOSFODNN7EXAMPLE","secretaccesskey":"s3cr3tEXAMPLE","AccountID":"111122223333","SessionToken":null}"#;
        assert_eq!(
            keys_from_item("work", data).unwrap(),
            Some(key("AKIAIOSFODNN7EXAMPLE", "s3cr3tEXAMPLE"))
        );
    }

    #[test]
    fn sessions_and_tokens_are_not_long_term_keys() {
        let with_token = br#"{"AccessKeyID":"ASIAIOSFODNN7EXAMPLE","SecretAccessKey":"s3cr3tEXAMPLE","SessionToken":"FwoGZXIvYXdzEXAMPLE"}"#;
        assert_eq!(keys_from_item("work", with_token).unwrap(), None);
        let session = br#"{"AccessKeyId":"ASIAIOSFODNN7EXAMPLE","Expiration":"2031-01-02T03:04:05Z","SecretAccessKey":"s3cr3tEXAMPLE","SessionToken":"FwoGZXIvYXdzEXAMPLE"}"#;
        assert_eq!(
            keys_from_item("sts.GetSessionToken,d29yaw,,1925089445", session).unwrap(),
            None
        );
        // Not even parsed: a session or token item is skipped whatever it holds.
        assert_eq!(
            keys_from_item("oidc:https://example.awsapps.com/start", b"not json").unwrap(),
            None
        );
    }

    #[test]
    fn a_malformed_item_is_an_error_naming_it_not_its_data() {
        for (data, what) in [
            (
                &br#"{"AccessKeyID":"AKIAIOSFODNN7EXAMPLE","SecretAccessKey":"s3cr3tEXAMPLE""#[..],
                "invalid JSON",
            ),
            (
                br#"["AKIAIOSFODNN7EXAMPLE","s3cr3tEXAMPLE"]"#,
                "not a JSON object",
            ),
            (
                br#"{"AccessKeyID":"AKIAIOSFODNN7EXAMPLE","SecretAccessKey":42}"#,
                "`SecretAccessKey` is not a string",
            ),
            (
                br#"{"AccessKeyID":"AKIAIOSFODNN7EXAMPLE"}"#,
                "no `SecretAccessKey`",
            ),
            (
                br#"{"SecretAccessKey":"s3cr3tEXAMPLE"}"#,
                "no `AccessKeyID`",
            ),
        ] {
            let e = keys_from_item("work", data).unwrap_err();
            let shown = e.to_string();
            assert_eq!(e.backend, "aws-vault");
            assert!(shown.contains("item `work`"), "{shown}");
            assert!(shown.contains(what), "{shown}");
            assert!(!shown.contains("s3cr3t"), "the error quotes the secret");
        }
    }

    #[test]
    fn item_data_unwraps_keyrings_item_json() {
        let item = br#"{"Key":"work","Data":"eyJBY2Nlc3NLZXlJRCI6IkFLSUEifQ==","Label":"aws-vault (work)","Description":"","KeychainNotTrustApplication":true,"KeychainNotSynchronizable":false}"#;
        assert_eq!(
            item_data("aws-vault", "work", item).unwrap(),
            br#"{"AccessKeyID":"AKIA"}"#
        );
        assert_eq!(
            item_data("aws-vault", "work", br#"{"Key":"work","Data":null}"#).unwrap(),
            b""
        );
        let e = item_data("aws-vault", "work", br#"{"Data":"not base64!"}"#).unwrap_err();
        assert!(e.to_string().contains("`Data` is not base64"), "{e}");
        let e = item_data("aws-vault", "work", b"\x00").unwrap_err();
        assert!(e.to_string().contains("item `work`"), "{e}");
    }

    #[test]
    fn file_names_decode_like_keyrings() {
        let decode = |s: &str| String::from_utf8(percent_decode(s.as_bytes().to_vec())).unwrap();
        assert_eq!(decode("team%2Fadmin%251"), "team/admin%1");
        // keyring's own TestFilenameWithBadChars.
        assert_eq!(decode("abc%2F..%2F.%2F123"), "abc/.././123");
        assert_eq!(
            decode("oidc:https:%2f%2fexample.com"),
            "oidc:https://example.com"
        );
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("a%2"), "a%2");
        assert_eq!(decode("a%zz"), "a%zz");
    }

    #[test]
    fn every_item_of_a_file_keyring_is_read_and_only_profiles_give_keys() {
        let items = file_items(&fixtures(), &Secret::new(PASSPHRASE)).unwrap();
        let keys: Vec<&str> = items.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            [
                "ci",
                "oidc:https://example.awsapps.com/start",
                "sso.GetRoleCredentials,d29yaw,,1925089445",
                "sts.GetSessionToken,d29yaw,YXJuOmF3czppYW06OjExMTEyMjIyMzMzMzptZmEvYWxpY2U,1925089445",
                "team/admin%1",
                "work",
            ]
        );
        let mut profiles = Vec::new();
        for (name, data) in &items {
            if let Some(stored) = keys_from_item(name, data).unwrap() {
                profiles.push((name.as_str(), stored));
            } else {
                assert!(!is_profile_item(name), "{name} gave no keys");
            }
        }
        assert_eq!(
            profiles,
            [
                (
                    "ci",
                    key(
                        "AKIAEXAMPLEJWCRYPTO1",
                        "jwcryptoMadeFakeSecretKey/EXAMPLEKEY0000"
                    )
                ),
                (
                    "team/admin%1",
                    key(
                        "AKIAI44QH8DHBEXAMPLE",
                        "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"
                    )
                ),
                (
                    "work",
                    key(
                        "AKIAIOSFODNN7EXAMPLE",
                        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
                    )
                ),
            ]
        );
    }

    #[test]
    fn a_wrong_passphrase_says_so_and_names_the_variable() {
        let e = file_items(&fixtures(), &Secret::new("not the passphrase")).unwrap_err();
        assert_eq!(e.backend, "aws-vault file");
        assert!(e.message.contains("wrong passphrase"), "{e}");
        assert!(e.fix.contains("AWS_VAULT_FILE_PASSPHRASE"), "{e}");
        assert!(!e.to_string().contains("not the passphrase"));
    }

    #[test]
    fn a_damaged_file_is_an_error_naming_it() {
        let dir = fixture_copy();
        let path = dir.path().join("work");
        let token = std::fs::read_to_string(&path).unwrap();
        let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
        // Flip the ciphertext's first character: the key unwraps, GCM fails.
        let first = parts[3].remove(0);
        parts[3].insert(0, if first == 'A' { 'B' } else { 'A' });
        std::fs::write(&path, parts.join(".")).unwrap();
        let e = file_items(dir.path(), &Secret::new(PASSPHRASE)).unwrap_err();
        assert_eq!(e.backend, "aws-vault file");
        assert!(e.message.contains("file `work`"), "{e}");
        assert!(e.message.contains("fails authentication"), "{e}");

        std::fs::write(&path, "not a JWE at all").unwrap();
        let e = file_items(dir.path(), &Secret::new(PASSPHRASE)).unwrap_err();
        assert!(e.message.contains("file `work`"), "{e}");
        assert!(e.message.contains("not five"), "{e}");
    }

    #[test]
    fn an_absurd_iteration_count_is_refused_before_any_work() {
        let dir = fixture_copy();
        let path = dir.path().join("work");
        let token = std::fs::read_to_string(&path).unwrap();
        let (header, rest) = token.split_once('.').unwrap();
        let header = String::from_utf8(JOSE_B64URL.decode(header).unwrap()).unwrap();
        for p2c in ["1000000000000", "1e300", "1300001"] {
            let hostile = header.replace("\"p2c\":8192", &format!("\"p2c\":{p2c}"));
            assert_ne!(hostile, header);
            std::fs::write(&path, format!("{}.{rest}", JOSE_B64URL.encode(&hostile))).unwrap();
            let started = std::time::Instant::now();
            let e = file_items(dir.path(), &Secret::new(PASSPHRASE)).unwrap_err();
            assert!(started.elapsed() < std::time::Duration::from_secs(5));
            assert!(e.message.contains("file `work`"), "{e}");
            assert!(e.message.contains("more than the 1300000 allowed"), "{e}");
        }
        for p2c in ["0", "-1", "8192.5", "\"8192\""] {
            let bad = header.replace("\"p2c\":8192", &format!("\"p2c\":{p2c}"));
            std::fs::write(&path, format!("{}.{rest}", JOSE_B64URL.encode(&bad))).unwrap();
            let e = file_items(dir.path(), &Secret::new(PASSPHRASE)).unwrap_err();
            assert!(
                e.message.contains("`p2c` is not a positive whole number"),
                "{e}"
            );
        }
    }

    #[test]
    fn a_missing_directory_names_the_variable_and_subdirectories_are_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let e = file_items(&dir.path().join("nope"), &Secret::new(PASSPHRASE)).unwrap_err();
        assert!(e.message.contains("no aws-vault file keyring"), "{e}");
        assert!(e.fix.contains("AWS_VAULT_FILE_DIR"), "{e}");

        std::fs::create_dir(dir.path().join("sub")).unwrap();
        assert_eq!(
            file_items(dir.path(), &Secret::new(PASSPHRASE)).unwrap(),
            []
        );
    }
}
