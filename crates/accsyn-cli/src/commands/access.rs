//! `grant`, `revoke`, `access`: who a delivery is for, who may read or write a share.

use clap::Args;
use serde_json::{Map, Value};

use super::Context;
use crate::error::{CliError, Exit};

/// `accsyn grant`.
#[derive(Debug, Args)]
pub(crate) struct GrantArgs {
    /// The user: an id or an email (an unknown email is invited unless --no-invite)
    // Not `user`: that is the global `--user`, who logs in.
    #[arg(value_name = "USER")]
    grantee: String,
    /// What to grant: delivery, request, volume, folder, home or collection
    target_type: String,
    /// Its id (or code, for a share)
    target: String,
    /// Read access (on a share; with neither --read nor --write both are granted)
    #[arg(long)]
    read: bool,
    /// Write access (on a share)
    #[arg(long)]
    write: bool,
    /// Only this path within the share
    #[arg(long)]
    path: Option<String>,
    /// Do not invite a user who has no account yet
    #[arg(long)]
    no_invite: bool,
    /// Notify the user
    #[arg(long)]
    notify: bool,
    /// A message for the user
    #[arg(long)]
    message: Option<String>,
}

/// `accsyn revoke`.
#[derive(Debug, Args)]
pub(crate) struct RevokeArgs {
    /// The user: an id or an email
    #[arg(value_name = "USER")]
    grantee: String,
    /// delivery, request, volume, folder, home or collection
    target_type: String,
    /// Its id
    target: String,
}

/// `accsyn access`.
#[derive(Debug, Args)]
pub(crate) struct AccessArgs {
    /// delivery, request, volume, folder, home or collection
    target_type: String,
    /// Its id
    target: String,
    /// For a volume, also the ACLs of its folders and homes
    #[arg(long)]
    recursive: bool,
}

pub(crate) async fn grant(args: GrantArgs, cx: &Context) -> Result<Exit, CliError> {
    let mut options = Map::new();
    if args.read || args.write {
        options.insert("read".into(), args.read.into());
        options.insert("write".into(), args.write.into());
    }
    if let Some(path) = &args.path {
        options.insert("path".into(), path.as_str().into());
    }
    if args.notify {
        options.insert("notify".into(), true.into());
    }
    if let Some(message) = &args.message {
        options.insert("message".into(), message.as_str().into());
    }
    if args.no_invite {
        options.insert("invite".into(), false.into());
    }
    let options = (!options.is_empty()).then_some(Value::Object(options));
    let answer = cx
        .session
        .grant(
            "User",
            &args.grantee,
            &args.target_type,
            &args.target,
            options,
        )
        .await
        .map_err(CliError::client(format!(
            "grant {} access to {} {}",
            args.grantee, args.target_type, args.target
        )))?;
    let sentence = format!(
        "Granted {} access to {} {}.",
        args.grantee, args.target_type, args.target
    );
    if answer.is_object() {
        cx.printer.one(&answer)?;
    } else {
        cx.printer.done(&answer, &sentence)?;
    }
    Ok(Exit::Ok)
}

pub(crate) async fn revoke(args: RevokeArgs, cx: &Context) -> Result<Exit, CliError> {
    let revoked = cx
        .session
        .revoke("User", &args.grantee, &args.target_type, &args.target)
        .await
        .map_err(CliError::client(format!(
            "revoke {}'s access to {} {}",
            args.grantee, args.target_type, args.target
        )))?;
    if !revoked {
        return Err(CliError::NotFound(format!(
            "{} has no access to {} {}; nothing was revoked (see `accsyn access {} {}`)",
            args.grantee, args.target_type, args.target, args.target_type, args.target
        )));
    }
    let sentence = format!(
        "Revoked {}'s access to {} {}.",
        args.grantee, args.target_type, args.target
    );
    cx.printer.done(&Value::Bool(true), &sentence)?;
    Ok(Exit::Ok)
}

pub(crate) async fn access(args: AccessArgs, cx: &Context) -> Result<Exit, CliError> {
    let doing = format!("list access to {} {}", args.target_type, args.target);
    let entries = if args.recursive {
        cx.session
            .access_recursive(&args.target_type, &args.target)
            .await
    } else {
        cx.session.access(&args.target_type, &args.target).await
    }
    .map_err(CliError::client(doing))?;
    cx.printer.list(
        &entries,
        &[
            "user_hr", "user", "actioned", "share_hr", "read", "write", "path",
        ],
    )?;
    Ok(Exit::Ok)
}
