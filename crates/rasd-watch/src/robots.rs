//! robots.txt (RFC 9309): the rules of the group that names rasd's product token, else of the
//! `*` group; the longest matching path pattern decides, `Allow` winning a tie.
//!
//! Patterns may use `*` (any run of characters) and a final `$` (end of the path). Paths are
//! compared as they are written in the URL (percent-encoded), with the query.

/// The rules a site gives one crawler.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Robots {
    rules: Vec<Rule>,
    crawl_delay: Option<std::time::Duration>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Rule {
    allow: bool,
    pattern: String,
}

impl Robots {
    /// Everything allowed (no robots.txt, or one that cannot be had for a 4xx reason).
    pub fn allow_all() -> Robots {
        Robots::default()
    }

    /// Parses a robots.txt for the crawler whose product token is `agent` (`rasd`): the groups
    /// naming it (case-insensitively; `rasd/1.0` names `rasd` too) if any, else the `*`
    /// groups. Lines it does not understand are ignored, as the RFC asks.
    pub fn parse(text: &str, agent: &str) -> Robots {
        let agent = agent.to_ascii_lowercase();
        let (mut mine, mut any) = (Robots::default(), Robots::default());
        let (mut named_me, mut named_any) = (false, false);
        // The agents of the group being read, and whether its rules have started (a
        // `user-agent` line after rules opens a new group).
        let (mut group_me, mut group_any, mut in_rules) = (false, false, false);
        for raw in text.lines() {
            let line = raw.split('#').next().unwrap_or("").trim();
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let (key, value) = (key.trim().to_ascii_lowercase(), value.trim());
            match key.as_str() {
                "user-agent" => {
                    if in_rules {
                        (group_me, group_any, in_rules) = (false, false, false);
                    }
                    let v = value.to_ascii_lowercase();
                    if v == "*" {
                        group_any = true;
                        named_any = true;
                    } else if v.split('/').next() == Some(agent.as_str()) {
                        group_me = true;
                        named_me = true;
                    }
                }
                "allow" | "disallow" => {
                    in_rules = true;
                    // An empty `Disallow:` allows everything: no rule.
                    if value.is_empty() {
                        continue;
                    }
                    let rule = Rule {
                        allow: key == "allow",
                        pattern: value.to_owned(),
                    };
                    if group_me {
                        mine.rules.push(rule.clone());
                    }
                    if group_any {
                        any.rules.push(rule);
                    }
                }
                "crawl-delay" => {
                    in_rules = true;
                    let delay = value
                        .parse::<f64>()
                        .ok()
                        .filter(|s| s.is_finite() && *s >= 0.0)
                        .map(std::time::Duration::from_secs_f64);
                    if group_me {
                        mine.crawl_delay = delay;
                    }
                    if group_any {
                        any.crawl_delay = delay;
                    }
                }
                _ => {}
            }
        }
        if named_me {
            mine
        } else if named_any {
            any
        } else {
            Robots::default()
        }
    }

    /// Whether a URL's path (with its query) may be fetched. `/robots.txt` always may.
    pub fn allows(&self, path_and_query: &str) -> bool {
        if path_and_query == "/robots.txt" {
            return true;
        }
        let mut best: Option<(usize, bool)> = None;
        for rule in &self.rules {
            if matches(&rule.pattern, path_and_query) {
                let len = rule.pattern.len();
                let better = match best {
                    None => true,
                    Some((l, allow)) => len > l || (len == l && rule.allow && !allow),
                };
                if better {
                    best = Some((len, rule.allow));
                }
            }
        }
        best.is_none_or(|(_, allow)| allow)
    }

    /// The `Crawl-delay` the site asks of this crawler, if any.
    pub fn crawl_delay(&self) -> Option<std::time::Duration> {
        self.crawl_delay
    }
}

/// Whether `pattern` (with `*` and a final `$`) matches the start of `path`.
fn matches(pattern: &str, path: &str) -> bool {
    let (pattern, anchored) = match pattern.strip_suffix('$') {
        Some(p) => (p, true),
        None => (pattern, false),
    };
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = path.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    if parts.is_empty() {
        return !anchored || rest.is_empty();
    }
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        if last && anchored {
            return rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    const TXT: &str = "\
# a comment
User-agent: Googlebot
Disallow: /

User-agent: *
Disallow: /private/
Allow: /private/open
Disallow: /*.pdf$
Crawl-delay: 2

User-agent: rasd
User-agent: other
Disallow: /drafts
Allow: /drafts/public
";

    #[test]
    fn the_group_naming_rasd_wins_over_the_star() {
        let r = Robots::parse(TXT, "rasd");
        assert!(!r.allows("/drafts/1"));
        assert!(r.allows("/drafts/public/1"));
        // The * group does not apply to rasd when a group names it.
        assert!(r.allows("/private/x"));
        assert_eq!(r.crawl_delay(), None);
    }

    #[test]
    fn the_star_group_and_the_longest_match() {
        let r = Robots::parse(TXT, "somebot");
        assert!(!r.allows("/private/x"));
        assert!(r.allows("/private/open/x"));
        assert!(!r.allows("/a/b.pdf"));
        assert!(r.allows("/a/b.pdf?x=1"));
        assert!(r.allows("/news/1"));
        assert!(r.allows("/robots.txt"));
        assert_eq!(r.crawl_delay(), Some(std::time::Duration::from_secs(2)));
    }

    #[test]
    fn empty_or_foreign_files_allow_everything() {
        assert!(Robots::parse("", "rasd").allows("/x"));
        assert!(Robots::parse("User-agent: *\nDisallow:\n", "rasd").allows("/x"));
        assert!(Robots::parse("<html>not robots</html>", "rasd").allows("/x"));
        assert!(!Robots::parse("User-agent: *\nDisallow: /\n", "rasd").allows("/x"));
    }

    #[test]
    fn wildcards() {
        assert!(matches("/a*b", "/a/x/b/c"));
        assert!(!matches("/a*b$", "/a/x/b/c"));
        assert!(matches("/a*b$", "/a/x/b"));
        assert!(matches("/*", "/"));
        assert!(matches("/x$", "/x"));
        assert!(!matches("/x$", "/xy"));
    }
}
