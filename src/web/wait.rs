//! "Please try again in 36 minutes": how long a rate-limited visitor waits, in words (never
//! "2,138 seconds").

use super::i18n::{Lang, Msg};

pub fn text(lang: Lang, secs: u64) -> String {
    let msg = match secs {
        0..=59 => Msg::new("wait.seconds").with("n", secs.max(1)),
        60 => Msg::new("wait.minute"),
        _ => Msg::new("wait.minutes").with("n", secs.div_ceil(60)),
    };
    msg.text(lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rate_limit_says_minutes_not_thousands_of_seconds() {
        assert_eq!(text(Lang::En, 2138), "Please try again in 36 minutes.");
        assert_eq!(text(Lang::En, 45), "Please try again in 45 seconds.");
        assert_eq!(text(Lang::En, 60), "Please try again in a minute.");
        assert!(text(Lang::Hi, 2138).contains("36 मिनट"));
    }
}
