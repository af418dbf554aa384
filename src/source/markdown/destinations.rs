//! Where links and images may point: addresses Typst and PDF readers take,
//! images inside the sources folder of a format Typst reads.

use std::path::Path;

/// Accepts https, http and mailto addresses that have something after the scheme.
pub fn check_url(dest: &str) -> Result<(), &'static str> {
    let dest = dest.trim();
    if dest.is_empty() {
        return Err("write the target: [text](https://…), [text](mailto:…) or [](#question-id)");
    }
    if let Some(address) = dest.strip_prefix("mailto:") {
        let addr = address.split('?').next().unwrap_or("");
        let (user, host) = addr.split_once('@').unwrap_or(("", ""));
        if user.is_empty() || !host.contains('.') || addr.contains(char::is_whitespace) {
            return Err(
                "a mailto link needs an address: [hilfe@example.org](mailto:hilfe@example.org)",
            );
        }
        return Ok(());
    }
    let rest = dest
        .strip_prefix("https://")
        .or_else(|| dest.strip_prefix("http://"));
    match rest {
        Some(rest) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            if host.is_empty()
                || host.contains(char::is_whitespace)
                || !host.contains('.') && !host.starts_with("localhost")
            {
                Err("a web link needs a host name: [text](https://www.example.org/page)")
            } else if rest.contains(char::is_whitespace) {
                Err("a web address cannot contain spaces; write them as %20")
            } else {
                Ok(())
            }
        }
        None => Err(
            "links go to https://, http:// or mailto: addresses, or to a question as (#question-id)",
        ),
    }
}

/// Checks an image path: relative, inside the sources folder, an existing file
/// of a format Typst reads. Returns the path relative to the folder and the
/// image's pixels.
pub(super) fn check_image(root: &Path, dest: &str) -> Result<(String, u64), (String, String)> {
    let outside = || {
        (format!("image `{dest}` lies outside the sources folder"), "put the image into the sources folder, such as images/diagram.png, and link it relatively".to_string())
    };
    if dest.contains("://") || dest.starts_with('/') || dest.starts_with('\\') || dest.contains(':')
    {
        return Err(outside());
    }
    let relative = dest.trim_start_matches("./");
    if relative.split(['/', '\\']).any(|part| part == "..") {
        return Err(outside());
    }
    let ext = Path::new(relative)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if !["png", "jpg", "jpeg", "gif", "svg", "webp"].contains(&ext.as_str()) {
        return Err((
            format!("image `{dest}` is not a PNG, JPEG, GIF, SVG or WebP file"),
            "convert the image to PNG or JPEG".to_string(),
        ));
    }
    let path = root.join(relative);
    if !path.is_file() {
        return Err((
            format!("image `{dest}` does not exist"),
            format!("put the file at `{relative}` in the sources folder, or fix the path"),
        ));
    }
    let (Ok(real), Ok(real_root)) = (path.canonicalize(), root.canonicalize()) else {
        return Err(outside());
    };
    if !real.starts_with(&real_root) {
        return Err(outside());
    }
    let pixels = crate::source::limits::check_image(&real_root, &real, dest)?;
    Ok((relative.replace('\\', "/"), pixels))
}
