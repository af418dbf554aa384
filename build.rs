//! Embeds every font in `fonts/` into the binary.

use std::fmt::Write;
use std::path::Path;

fn main() {
    pack_relocations();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
    println!("cargo:rerun-if-changed=fonts");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    names.retain(|p: &std::path::PathBuf| {
        matches!(
            p.extension().and_then(|e| e.to_str()),
            Some("ttf" | "otf" | "ttc" | "otc")
        )
    });
    names.sort();
    let mut out = String::from(
        "/// Fonts compiled into the binary: file name and data.\npub static EMBEDDED_FONTS: &[(&str, &[u8])] = &[\n",
    );
    for path in names {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        // Relative to the crate as it is compiled, not as this script ran:
        // cargo may reuse this output for a checkout in another folder (a
        // CI cache), where an absolute path would name files not there.
        let _ = writeln!(
            out,
            "    ({name:?}, include_bytes!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/fonts/\", {name:?}))),"
        );
    }
    out.push_str("];\n");
    let target = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("fonts.rs");
    std::fs::write(target, out).expect("OUT_DIR is writable");
}

/// With `FAQPRESS_PACK_RELOCS=1`, packs the binary's relative relocations
/// (DT_RELR). Unpacked, the loader reads 3.8 MB of them at every start, and
/// those pages made faqpress's peak memory exceed the Typst CLI's on the same
/// document. A packed binary needs glibc 2.36 or later to start, which Rust's
/// Linux target does not require: so it is a choice for those who build for
/// their own machines, not the default.
fn pack_relocations() {
    println!("cargo:rerun-if-env-changed=FAQPRESS_PACK_RELOCS");
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let linux_gnu = var("CARGO_CFG_TARGET_OS") == "linux" && var("CARGO_CFG_TARGET_ENV") == "gnu";
    if linux_gnu && var("FAQPRESS_PACK_RELOCS") == "1" {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}
