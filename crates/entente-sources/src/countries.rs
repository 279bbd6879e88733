//! Builds the country registry from the countrycode concordance, the COW state
//! list (membership spells) and COW's code list, and attaches CAMEO actor codes.
//!
//! Files (see `country_codes/SOURCE.md`, `cow/SOURCE.md`, `cameo/SOURCE.md`):
//! `country_codes/countrycode_codelist.csv.gz`, `cow/statelist2024.csv.gz`,
//! `country_codes/COW_country_codes.csv.gz`, `cameo/CAMEO.country.txt.gz`.

use std::collections::BTreeMap;

use entente_core::Date;
use entente_core::country::{Country, Registry, Spell};

use crate::data_dir::DataDir;
use crate::error::Result;
use crate::table::Table;

pub const CODELIST: &str = "country_codes/countrycode_codelist.csv.gz";
pub const STATELIST: &str = "cow/statelist2024.csv.gz";
pub const COW_CODES: &str = "country_codes/COW_country_codes.csv.gz";
pub const CAMEO_COUNTRIES: &str = "cameo/CAMEO.country.txt.gz";

/// Codes of dissolved states that the concordance leaves empty, as used by the
/// vote files (unvotes ISO2 `CS`, `DD`, `YU`, `YD`; Voeten `CSK`, `DDR`, `YUG`, `YMD`).
const HISTORICAL_CODES: &[(u16, &str, &str)] = &[
    (315, "CSK", "CS"),
    (265, "DDR", "DD"),
    (345, "YUG", "YU"),
    (680, "YMD", "YD"),
];

/// The files the registry is built from, relative to the data folder.
pub fn files() -> [&'static str; 4] {
    [CODELIST, STATELIST, COW_CODES, CAMEO_COUNTRIES]
}

/// Reads the registry from the data folder.
pub fn load(dir: &DataDir) -> Result<Registry> {
    let mut by_cc: BTreeMap<u16, Country> = BTreeMap::new();
    let blank = |ccode: u16, abb: &str, name: &str| Country {
        ccode,
        cow_abb: abb.to_string(),
        name: name.to_string(),
        iso3: None,
        iso2: None,
        m49: None,
        cameo: None,
        aliases: Vec::new(),
        spells: Vec::new(),
        note: None,
    };

    // COW state list: abbreviations, names, spells.
    let t = Table::open(&dir.file(STATELIST))?;
    let (abb, cc, nme) = (t.col("stateabb")?, t.col("ccode")?, t.col("statenme")?);
    let (sy, sm, sd) = (t.col("styear")?, t.col("stmonth")?, t.col("stday")?);
    let (ey, em, ed) = (t.col("endyear")?, t.col("endmonth")?, t.col("endday")?);
    t.for_each(|r| {
        let ccode: u16 = r.parse(cc)?;
        let date = |y, m, d| -> Result<Date> {
            let (y, m, d): (i32, u8, u8) = (r.parse(y)?, r.parse(m)?, r.parse(d)?);
            Date::new(y, m, d).ok_or_else(|| r.error(sy, format!("invalid date {y}-{m}-{d}")))
        };
        let spell = Spell {
            start: date(sy, sm, sd)?,
            end: date(ey, em, ed)?,
        };
        let c = by_cc.entry(ccode).or_insert_with(|| blank(ccode, "", ""));
        c.cow_abb = r.get(abb)?.trim().to_string();
        c.name = r.get(nme)?.trim().to_string();
        c.spells.push(spell);
        Ok(())
    })?;

    // COW code list: extra abbreviations/names of states that left the system.
    let t = Table::open(&dir.file(COW_CODES))?;
    let (abb, cc, nme) = (t.col("StateAbb")?, t.col("CCode")?, t.col("StateNme")?);
    t.for_each(|r| {
        let ccode: u16 = r.parse(cc)?;
        let name = r.get(nme)?.trim();
        let c = by_cc
            .entry(ccode)
            .or_insert_with(|| blank(ccode, r.get(abb).unwrap_or("").trim(), name));
        if c.name != name {
            c.aliases.push(name.to_string());
        }
        Ok(())
    })?;

    // countrycode concordance: ISO codes, M49, names, regexes.
    let t = Table::open(&dir.file(CODELIST))?;
    let cown = t.col("cown")?;
    let name_en = t.col("country.name.en")?;
    let regex = t.col("country.name.en.regex")?;
    let (iso2, iso3, un) = (t.col("iso2c")?, t.col("iso3c")?, t.col("un")?);
    let extra_names: Vec<usize> = ["un.name.en", "cow.name", "iso.name.en", "p4.name"]
        .iter()
        .filter_map(|n| t.col_opt(n))
        .collect();
    let mut patterns = Vec::new();
    t.for_each(|r| {
        let Some(ccode) = r.parse_opt::<u16>(cown)? else {
            return Ok(());
        };
        let name = r.get(name_en)?.trim().to_string();
        let c = by_cc
            .entry(ccode)
            .or_insert_with(|| blank(ccode, "", &name));
        if let Some(p) = r.opt(regex)? {
            patterns.push((p.to_string(), ccode));
        }
        // The first concordance row for a COW code names it (Russia, not the USSR).
        if c.iso3.is_none() && c.iso2.is_none() && c.m49.is_none() {
            if !c.name.is_empty() && c.name != name {
                c.aliases.push(std::mem::take(&mut c.name));
            }
            c.name = name.clone();
            c.iso3 = r.opt(iso3)?.map(str::to_string);
            c.iso2 = r.opt(iso2)?.map(str::to_string);
            c.m49 = r.parse_opt(un)?;
        } else {
            c.aliases.push(name);
        }
        for &col in &extra_names {
            if let Some(n) = r.opt(col)? {
                c.aliases.push(n.to_string());
            }
        }
        Ok(())
    })?;
    for &(ccode, a3, a2) in HISTORICAL_CODES {
        if let Some(c) = by_cc.get_mut(&ccode) {
            c.iso3.get_or_insert_with(|| a3.to_string());
            c.iso2.get_or_insert_with(|| a2.to_string());
        }
    }
    for c in by_cc.values_mut() {
        if c.cow_abb.is_empty() {
            c.cow_abb = c.iso3.clone().unwrap_or_default();
        }
        c.aliases.sort();
        c.aliases.dedup();
        c.aliases.retain(|a| a != &c.name);
    }

    let mut reg = Registry::new(by_cc.into_values().collect(), &patterns);

    // CAMEO actor country codes: a code equal to a state's ISO3 belongs to it; other
    // codes attach to the state their label names exactly, if it has none yet.
    let t = Table::open_with(&dir.file(CAMEO_COUNTRIES), b'\t')?;
    let (code, label) = (t.col("CODE")?, t.col("LABEL")?);
    let mut by_iso3: BTreeMap<u16, String> = BTreeMap::new();
    let mut by_label: BTreeMap<u16, String> = BTreeMap::new();
    t.for_each(|r| {
        let (code, label) = (r.get(code)?.trim(), r.get(label)?.trim());
        if let Some(c) = reg
            .by_code(code)
            .filter(|c| c.iso3.as_deref() == Some(code))
        {
            by_iso3.insert(c.ccode, code.to_string());
        } else if let Some(c) = reg.by_name_exact(label) {
            by_label.entry(c.ccode).or_insert_with(|| code.to_string());
        }
        Ok(())
    })?;
    for (cc, code) in by_label {
        by_iso3.entry(cc).or_insert(code);
    }
    reg.attach_cameo(by_iso3);
    Ok(reg)
}
