//! The example files, built into the binary so that the README's commands and the
//! dashboard's forecast page work from any folder.

/// A built-in example file.
#[derive(Clone, Copy, Debug)]
pub struct Example {
    /// The name users type ("ukraine-un-votes").
    pub name: &'static str,
    /// The file name in `examples/`.
    pub file: &'static str,
    pub text: &'static str,
    /// Whether it is a bargaining scenario (else a claims file).
    pub scenario: bool,
}

/// Every example; a name's prefix picks the first that starts with it.
pub const EXAMPLES: [Example; 4] = [
    Example {
        name: "ukraine-un-votes",
        file: "ukraine_un_votes.toml",
        text: include_str!("../../../examples/forecast/ukraine_un_votes.toml"),
        scenario: true,
    },
    Example {
        name: "ukraine-settlement",
        file: "ukraine_settlement.toml",
        text: include_str!("../../../examples/forecast/ukraine_settlement.toml"),
        scenario: true,
    },
    Example {
        name: "ec-emissions-1994",
        file: "ec_emissions_1994.toml",
        text: include_str!("../../../examples/forecast/ec_emissions_1994.toml"),
        scenario: true,
    },
    Example {
        name: "china-russia-brief",
        file: "china_russia_brief.toml",
        text: include_str!("../../../examples/claims/china_russia_brief.toml"),
        scenario: false,
    },
];

/// The example names, for help texts and errors.
pub fn names() -> String {
    EXAMPLES.map(|e| e.name).join(", ")
}

/// The example a name means: the exact name or file name, else the first whose name
/// starts with it ("ukraine" → ukraine-un-votes).
pub fn find(key: &str) -> Option<&'static Example> {
    let key = key.trim().to_lowercase();
    if key.is_empty() {
        return None;
    }
    EXAMPLES
        .iter()
        .find(|e| e.name == key || e.file == key)
        .or_else(|| EXAMPLES.iter().find(|e| e.name.starts_with(&key)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_prefixes_and_files_find_examples() {
        assert_eq!(find("ukraine").unwrap().name, "ukraine-un-votes");
        assert_eq!(
            find("ukraine-settlement").unwrap().file,
            "ukraine_settlement.toml"
        );
        assert_eq!(find("EC").unwrap().name, "ec-emissions-1994");
        assert_eq!(
            find("china_russia_brief.toml").unwrap().name,
            "china-russia-brief"
        );
        assert!(find("nothing").is_none() && find(" ").is_none());
    }
}
