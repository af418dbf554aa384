//! Questions whose number changed from one release to the next, grouped into
//! runs, for the change table's "Fragen 2 bis 9: Nummerierung geändert
//! (bisher 1 bis 8)": holders of an old copy quote old numbers.
//!
//! The numbers are those of the two releases concerned, not of the document
//! being built: the line tells what happened in that release.

use crate::model::labels::{Label, Labels};
use crate::timeline::SnapSection;

/// A run of questions renumbered alike: consecutive in both releases.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// Their numbers in the release, in order.
    pub now: Vec<String>,
    /// Their numbers in the release before, in the same order.
    pub before: Vec<String>,
}

/// The runs of questions present in both `before` and `then` whose number
/// changed, in the order of `then`; the questions in `skip` (those that
/// moved to another section, which have lines of their own) are left out
/// and end a run.
pub fn runs(before: &[SnapSection], then: &[SnapSection], skip: &[&str]) -> Vec<Run> {
    let old: std::collections::HashMap<&str, &str> = before
        .iter()
        .flat_map(|s| s.questions.iter())
        .map(|q| (q.id.as_str(), q.number.as_str()))
        .collect();
    let mut out: Vec<Run> = vec![];
    let mut last_position = None;
    let questions = then.iter().flat_map(|s| s.questions.iter()).enumerate();
    for (position, q) in questions {
        let Some(&was) = old.get(q.id.as_str()) else {
            continue;
        };
        if skip.contains(&q.id.as_str()) {
            continue;
        }
        if was == q.number {
            continue;
        }
        let follows = last_position == Some(position.wrapping_sub(1));
        last_position = Some(position);
        if let Some(run) = out.last_mut()
            && follows
            && run.now.last().is_some_and(|n| is_next(n, &q.number))
            && run.before.last().is_some_and(|n| is_next(n, was))
        {
            run.now.push(q.number.clone());
            run.before.push(was.to_string());
            continue;
        }
        out.push(Run {
            now: vec![q.number.clone()],
            before: vec![was.to_string()],
        });
    }
    out
}

/// Whether `b` is the number after `a`: the same prefix (`A`, `2.`), the
/// last figure one more.
fn is_next(a: &str, b: &str) -> bool {
    let split = |n: &str| {
        let digits = n.len() - n.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let (prefix, figure) = n.split_at(n.len() - digits);
        (prefix.to_string(), figure.parse::<u64>().ok())
    };
    let (pa, fa) = split(a);
    let (pb, fb) = split(b);
    pa == pb && matches!((fa, fb), (Some(x), Some(y)) if x + 1 == y)
}

/// The change table's line for a run, from the labels: "Frage 4:
/// Nummerierung geändert (bisher 3)", "Fragen 2 und 3: …", "Fragen 2 bis 9:
/// … (bisher 1 bis 8)".
pub fn line(run: &Run, labels: &Labels) -> String {
    let span = |numbers: &[String]| match numbers {
        [one] => one.clone(),
        [first, second] => format!("{first}{}{second}", labels.get(Label::And)),
        [first, .., last] => labels
            .get(Label::Range)
            .replace("{first}", first)
            .replace("{last}", last),
        [] => String::new(),
    };
    let label = if run.now.len() == 1 {
        Label::RenumberedQuestion
    } else {
        Label::RenumberedQuestions
    };
    labels
        .get(label)
        .replace("{n}", &span(&run.now))
        .replace("{old}", &span(&run.before))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_within_their_prefix() {
        assert!(is_next("1", "2"));
        assert!(is_next("2.9", "2.10"));
        assert!(is_next("A9", "A10"));
        assert!(!is_next("1.3", "2.1"));
        assert!(!is_next("3", "5"));
        assert!(!is_next("Kontakt", "Kontakt"));
    }

    #[test]
    fn lines_name_one_two_or_a_range() {
        let de = Labels::new(crate::model::labels::Language::De);
        let en = Labels::new(crate::model::labels::Language::En);
        let run = |now: &[&str], before: &[&str]| Run {
            now: now.iter().map(|s| s.to_string()).collect(),
            before: before.iter().map(|s| s.to_string()).collect(),
        };
        assert_eq!(
            line(&run(&["2", "3", "4"], &["1", "2", "3"]), &de),
            "Fragen 2 bis 4: Nummerierung geändert (bisher 1 bis 3)"
        );
        assert_eq!(
            line(&run(&["2", "3", "4"], &["1", "2", "3"]), &en),
            "questions 2 to 4 renumbered (previously 1 to 3)"
        );
        assert_eq!(
            line(&run(&["5", "6"], &["6", "7"]), &de),
            "Fragen 5 und 6: Nummerierung geändert (bisher 6 und 7)"
        );
        assert_eq!(
            line(&run(&["5"], &["4"]), &en),
            "question 5 renumbered (previously 4)"
        );
    }
}
