//! `accsyn watch` on a pseudo-terminal: progress bars that move to done, in colour unless
//! NO_COLOR is set. The pty comes from the C library through rustix's safe calls, so the test
//! needs nothing installed.

#![cfg(target_os = "linux")]

use std::fs::File;
use std::io::Read;
use std::process::Stdio;

use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
use rustix::termios::{Winsize, tcsetwinsize};

use crate::support::Backend;
use crate::watch::download;

/// Runs `command` with a pseudo-terminal (120 columns) as stdin, stdout and stderr; what it
/// drew, and its exit code.
fn on_a_terminal(command: &mut std::process::Command) -> (String, i32) {
    let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).expect("a pty");
    grantpt(&master).expect("grantpt");
    unlockpt(&master).expect("unlockpt");
    let size = Winsize {
        ws_row: 40,
        ws_col: 120,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    tcsetwinsize(&master, size).expect("the pty's size");
    let name = ptsname(&master, Vec::new()).expect("the pty's name");
    let terminal = || {
        std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(name.to_str().expect("a UTF-8 pty name"))
            .expect("the pty's terminal side")
    };
    let mut child = command
        .env("TERM", "xterm-256color")
        .stdin(Stdio::from(terminal()))
        .stdout(Stdio::from(terminal()))
        .stderr(Stdio::from(terminal()))
        .spawn()
        .expect("accsyn starts");
    // Drop the command's copies of the terminal side, so reading ends when the child exits.
    drop(std::mem::replace(
        command,
        std::process::Command::new("true"),
    ));
    let mut master = File::from(master);
    let reader = std::thread::spawn(move || {
        let mut drawn = Vec::new();
        let mut chunk = [0u8; 4096];
        // Linux answers EIO once the terminal side is closed: the end of the output.
        while let Ok(n @ 1..) = master.read(&mut chunk) {
            drawn.extend_from_slice(&chunk[..n]);
        }
        drawn
    });
    let code = child.wait().expect("accsyn ends").code().unwrap_or(-1);
    let drawn = reader.join().expect("the reader ends");
    (String::from_utf8_lossy(&drawn).into_owned(), code)
}

/// What was drawn, without escape sequences (colours, cursor moves).
fn plain(drawn: &str) -> String {
    let escapes = regex::Regex::new(r"\x1b\[[0-9;?]*[A-Za-z]").expect("a valid regex");
    escapes.replace_all(drawn, "").into_owned()
}

/// The percents the job's bar showed, redraw by redraw.
fn percents(plain: &str) -> Vec<u32> {
    let percent = regex::Regex::new(r"\] +(\d+)% ").expect("a valid regex");
    percent
        .captures_iter(plain)
        .filter_map(|c| c[1].parse().ok())
        .collect()
}

/// Watches the download of a `mib` MiB file whose emulator runs `time_scale` times faster
/// than real time (10 MiB a second of emulated time) on a terminal, with NO_COLOR set or not;
/// what it drew, and its exit code.
fn watch_on_a_terminal(mib: u64, time_scale: f64, no_color: bool) -> (String, i32) {
    let b = Backend::start(
        accsyn_emulator::Seed::builtin().storage_file("projects/TRAILER_v003.mov", mib << 20),
        time_scale,
    );
    let id = download(&b, "share=projects/TRAILER_v003.mov", false);
    let mut command = b.accsyn();
    command.env_remove("NO_COLOR");
    if no_color {
        command.env("NO_COLOR", "1");
    }
    command.args(["watch", &id, "--interval", "0.2", "--tasks"]);
    on_a_terminal(&mut command)
}

#[test]
fn watch_draws_bars_that_move_to_done() {
    // 60 MiB at 10 MiB per emulated second, 3 emulated seconds per second: about 2 s.
    let (drawn, code) = watch_on_a_terminal(60, 3.0, false);
    assert_eq!(code, 0, "{drawn}");
    let plain = plain(&drawn);
    let percents = percents(&plain);
    assert!(
        percents.iter().any(|p| (1..100).contains(p)),
        "the bar showed progress on the way: {percents:?}\n{drawn:?}"
    );
    assert!(
        percents.windows(2).all(|w| w[0] <= w[1]),
        "it only moves forward: {percents:?}"
    );
    assert_eq!(percents.last(), Some(&100), "{percents:?}");
    // The job's bar, full, then the task's bar under it, full.
    let full = "[================================]";
    assert!(
        plain.contains(&format!("TRAILER_v003.mov {full} 100% done · 60.0 MiB")),
        "{plain}"
    );
    assert!(
        plain.contains(&format!("  TRAILER_v003.mov {full} done")),
        "{plain}"
    );
    // Speed and time remaining on the way.
    let running =
        regex::Regex::new(r"running · 60\.0 MiB · [\d.]+ MB/s · \d+s left").expect("a valid regex");
    assert!(running.is_match(&plain), "{plain}");
    // Colour on a terminal: the bar's green.
    assert!(drawn.contains("\u{1b}[32m"), "{drawn:?}");
}

#[test]
fn no_color_keeps_the_bars_but_drops_the_colour() {
    let (drawn, code) = watch_on_a_terminal(20, 20.0, true);
    assert_eq!(code, 0, "{drawn}");
    assert_eq!(percents(&plain(&drawn)).last(), Some(&100), "{drawn:?}");
    assert!(!drawn.contains("\u{1b}[32m"), "{drawn:?}");
}
