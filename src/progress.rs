//! The binary's progress display for `deploy`: a bar on a terminal, log lines otherwise.

/// Deploy progress on stderr: a progress bar for uploads when stderr is a terminal (log lines
/// print above it), one line per upload otherwise (CI logs).
pub(crate) struct DeployProgress {
    terminal: bool,
    bar: Option<indicatif::ProgressBar>,
}

impl DeployProgress {
    pub(crate) fn new() -> Self {
        use std::io::IsTerminal;
        DeployProgress {
            terminal: std::io::stderr().is_terminal(),
            bar: None,
        }
    }

    pub(crate) fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

impl kumo_deck::deploy::Progress for DeployProgress {
    fn line(&mut self, text: &str) {
        let text = kumo_deck::util::redact(text);
        match &self.bar {
            Some(bar) => bar.println(format!("deploy: {text}")),
            None => kumo_deck::eoutln!("deploy: {text}"),
        }
    }

    fn step(&mut self, done: usize, total: usize, text: &str) {
        if !self.terminal {
            return kumo_deck::eoutln!("deploy: [{done}/{total}] {text}");
        }
        let bar = self.bar.get_or_insert_with(|| {
            let style = indicatif::ProgressStyle::with_template(
                "deploy: [{bar:30}] {pos}/{len} {wide_msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> ");
            indicatif::ProgressBar::new(total as u64).with_style(style)
        });
        bar.set_length(total as u64);
        bar.set_position(done as u64);
        bar.set_message(text.to_string());
        if text.starts_with("FAILED") {
            bar.println(format!("deploy: [{done}/{total}] {text}"));
        }
        if done == total {
            self.finish();
        }
    }
}
