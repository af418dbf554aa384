//! Checks shared by the fuzz targets. A failed check panics, which the
//! fuzzer reports as a crash together with the input that caused it.

use faqpress::diag::{self, Diagnostic, DiagnosticFormat, SourceFiles};
use faqpress::error::Failure;
use typst::syntax::{SyntaxKind, SyntaxNode};

/// Generated answer code parses as Typst code, and uses only known names.
pub fn check_answer_code(code: &str) {
    let root = typst::syntax::parse_code(code);
    check_parses(&root, code);
    check_names(&root, code);
}

/// A generated Typst file parses as Typst markup.
pub fn check_typst_file(text: &str) {
    let root = typst::syntax::parse(text);
    check_parses(&root, text);
}

fn check_parses(root: &SyntaxNode, text: &str) {
    let (errors, _) = root.errors_and_warnings();
    assert!(
        errors.is_empty(),
        "generated Typst does not parse: {:?}\n---\n{text}",
        errors.iter().map(|e| &e.message).collect::<Vec<_>>()
    );
}

fn check_names(node: &SyntaxNode, text: &str) {
    if matches!(node.kind(), SyntaxKind::Ident | SyntaxKind::MathIdent) {
        let name = node.leaf_text().as_str();
        assert!(
            faqpress::render::typst::tree::CODE_NAMES.contains(&name),
            "unexpected name `{name}` in generated code\n---\n{text}"
        );
    }
    for child in node.children() {
        check_names(child, text);
    }
}

/// Every diagnostic points into a known file, inside its text, and all of
/// them render in both formats.
pub fn check_diagnostics(files: &SourceFiles, diags: &[Diagnostic]) {
    for d in diags {
        assert!(!d.message.is_empty(), "a diagnostic without a message");
        if let Some((file, range)) = &d.at {
            assert!(
                *file < files.len(),
                "a diagnostic in an unknown file: {d:?}"
            );
            let len = files.text(*file).len();
            assert!(
                range.start <= range.end && range.end <= len,
                "a diagnostic range {range:?} outside its file of {len} bytes: {d:?}"
            );
        }
    }
    diag::render(files, diags, DiagnosticFormat::Human);
    diag::render(files, diags, DiagnosticFormat::Short);
}

/// A failed compilation must be errors placed in the sources: not in the
/// layout, not nowhere, not from inside the generated Typst.
pub fn check_compile_failure(failure: &Failure, layout: usize) {
    let Failure::Sources { files, diags } = failure else {
        panic!("compiling failed outside the sources: {failure:?}");
    };
    check_diagnostics(files, diags);
    let shown = diag::render(files, diags, DiagnosticFormat::Short);
    for d in diags.iter().filter(|d| d.is_error()) {
        let placed =
            d.at.as_ref()
                .is_some_and(|(file, _)| *file != layout && *file != 0);
        assert!(placed, "an error not placed in the sources:\n{shown}");
        assert!(
            !d.message.contains("laying out"),
            "an error from inside the generated Typst:\n{shown}"
        );
    }
}
