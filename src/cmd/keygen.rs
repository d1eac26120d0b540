//! `tokencache keygen --out PATH`: a new random key for the encrypted file
//! store, written as base64 of 32 bytes plus a newline to a new file of mode
//! 0600. An existing file is never overwritten: losing a key loses every cache
//! encrypted with it.

use std::fs::OpenOptions;
use std::io::{ErrorKind, IsTerminal, Write};
use std::path::Path;

use base64::Engine as _;
use zeroize::Zeroizing;

use super::note;
use crate::cli::KeygenArgs;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::fsutil;
use crate::keysource::KEY_LEN;

/// Write the key file and say where it went on stderr (never the key).
pub fn run(config: &Config, args: &KeygenArgs, out: &mut dyn std::io::Write) -> Result<()> {
    let path = &args.out;
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    getrandom::fill(&mut *key).map_err(|e| Error::Key {
        cause: format!("the operating system's random number generator failed: {e}"),
        hint: "try again; if it persists, the system's entropy source is broken".into(),
    })?;
    let mut text = Zeroizing::new(base64::engine::general_purpose::STANDARD.encode(*key));
    text.push('\n');
    if path == Path::new("-") {
        return to_stdout(config, &text, out);
    }
    let path = &crate::environment::expand_tilde(path)?;

    fsutil::ensure_private_dir(fsutil::parent_dir(path))?;
    let mut opts = OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600)
            .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC);
    }
    let mut file = opts.open(path).map_err(|e| match e.kind() {
        ErrorKind::AlreadyExists => Error::Config {
            message: format!("refusing to overwrite {}: it already exists", path.display()),
            hint: "choose another --out path; remove the old key only if no cache is encrypted with it".into(),
        },
        _ => Error::io("create the key file", path, e),
    })?;
    let written = file
        .write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| Error::io("write", path, e));
    if let Err(e) = written {
        // A partial key file must not be mistaken for a key later.
        let _ = std::fs::remove_file(path);
        return Err(e);
    }
    if config.json {
        let mut doc = serde_json::json!({ "key_file": null, "mode": "0600" });
        super::put_path_in(&mut doc, "key_file", Some(path));
        return super::emit_json(out, &doc);
    }
    note(
        config,
        format_args!(
            "wrote a new key to {} (mode 0600); use it with --key-file {0} or TOKENCACHE_KEY=\"$(cat {0})\"",
            path.display()
        ),
    );
    Ok(())
}

/// `--out -`: the key on stdout, for a pipe into a secret store; never onto
/// a terminal, where it would stay in the scrollback.
fn to_stdout(config: &Config, text: &str, out: &mut dyn std::io::Write) -> Result<()> {
    if std::io::stdout().is_terminal() {
        return Err(Error::Config {
            message: "refusing to print a key to a terminal".into(),
            hint: "pipe it into your secret store (`tokencache keygen --out - | gh secret set TOKENCACHE_KEY`) \
                   or write a file with --out PATH"
                .into(),
        });
    }
    if config.json {
        return Err(Error::Config {
            message: "--json and --out - both want stdout".into(),
            hint: "drop --json: with --out - stdout carries the key and nothing else".into(),
        });
    }
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| Error::io("write the key to", Path::new("<stdout>"), e))
}
