//! Bad input: every parser gives an error naming file, line and field — never a panic.

mod common;

use common::{real_text, small_data_dir, write};
use entente_sources::{DataDir, SourceError, countries, reference, unga};
use proptest::prelude::*;

fn dir_of(t: &tempfile::TempDir) -> DataDir {
    DataDir {
        root: t.path().to_path_buf(),
    }
}

/// Runs every reader on a data folder; returns the first error.
fn load_everything(dir: &DataDir) -> Result<(), SourceError> {
    let reg = countries::load(dir)?;
    unga::voeten::load(dir)?;
    unga::unvotes::load(dir, &reg)?;
    unga::undl::load_long(dir, &reg)?;
    unga::undl::load_wide(dir, &reg)?;
    reference::load_ideal_jun2024(dir)?;
    Ok(())
}

#[test]
fn small_copies_of_the_real_files_load() {
    let t = small_data_dir(300);
    load_everything(&dir_of(&t)).unwrap();
    let (table, _) = unga::load_all(&dir_of(&t), &countries::load(&dir_of(&t)).unwrap()).unwrap();
    assert!(!table.rollcalls.is_empty() && !table.votes.is_empty());
}

#[test]
fn a_truncated_gzip_names_the_file() {
    let t = small_data_dir(300);
    let rel = unga::voeten::VOTES;
    let gz = std::fs::read(common::data_root().join(rel)).unwrap();
    write(t.path(), rel, &gz[..gz.len() / 2]);
    let err = unga::voeten::load(&dir_of(&t)).unwrap_err().to_string();
    assert!(
        err.contains("voeten_UNVotes1-72_votes.csv.gz") && err.contains("truncated"),
        "{err}"
    );
}

#[test]
fn a_row_with_a_missing_field_names_line_and_field() {
    let t = small_data_dir(300);
    let rel = unga::voeten::VOTES;
    let mut text = String::from_utf8(real_text(rel))
        .unwrap()
        .lines()
        .take(6)
        .collect::<Vec<_>>()
        .join("\n");
    text.push_str("\n3,2,1\n");
    write(t.path(), rel, text.as_bytes());
    let err = unga::voeten::load(&dir_of(&t)).unwrap_err().to_string();
    assert!(
        err.ends_with(
            "voeten_UNVotes1-72_votes.csv.gz:7: field 'vote': missing (the row has 3 of 8 fields)"
        ),
        "{err}"
    );
}

#[test]
fn an_unknown_vote_code_names_line_and_field() {
    let t = small_data_dir(300);
    let rel = unga::voeten::VOTES;
    let text = "rcid,ccode,session.x,member,vote,Country,Countryname,year.x\n3,2,1,1,1,USA,United States,1946\n3,20,1,1,7,CAN,Canada,1946\n";
    write(t.path(), rel, text.as_bytes());
    let err = unga::voeten::load(&dir_of(&t)).unwrap_err().to_string();
    assert!(
        err.contains(":3: field 'vote': unknown vote code '7'"),
        "{err}"
    );

    let rel = unga::undl::LONG_VOTES;
    let text = "id_record,resolution_symbol,vote_date,ms_name,ms_vote\n280453,S/RES/1(1946),1946-01-25,AUSTRALIA,Q\n";
    write(t.path(), rel, text.as_bytes());
    let reg = countries::load(&dir_of(&t)).unwrap();
    let err = unga::undl::load_long(&dir_of(&t), &reg)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(":2: field 'ms_vote': unknown vote code 'Q'"),
        "{err}"
    );
}

#[test]
fn a_missing_column_is_named() {
    let t = small_data_dir(50);
    write(
        t.path(),
        unga::unvotes::VOTES,
        b"rcid,country,vote\n3,United States,yes\n",
    );
    let reg = countries::load(&dir_of(&t)).unwrap();
    let err = unga::unvotes::load(&dir_of(&t), &reg)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(":1: field 'country_code': column missing"),
        "{err}"
    );
}

#[test]
fn the_reference_file_reads() {
    let rows = reference::load_ideal_jun2024(&common::data()).unwrap();
    assert_eq!(rows.len(), 11_238);
    let chn78 = rows
        .iter()
        .find(|r| r.ccode == 710 && r.session == 78)
        .unwrap();
    assert_eq!(chn78.agree[1], Some(0.6823529));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(file in 0usize..13, bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let t = small_data_dir(40);
        let files = common::all_files();
        write(t.path(), files[file % files.len()], &bytes);
        let _ = load_everything(&dir_of(&t));
    }

    #[test]
    fn mutated_real_rows_never_panic(
        file in 0usize..13,
        edits in proptest::collection::vec((any::<usize>(), any::<u8>(), prop_oneof![Just(b','), Just(b'"'), Just(b'\n'), Just(b'9'), any::<u8>()]), 1..6),
    ) {
        let t = small_data_dir(40);
        let files = common::all_files();
        let rel = files[file % files.len()];
        let original = std::fs::read(t.path().join(rel)).unwrap();
        write(t.path(), rel, &common::mutate(original, &edits));
        let _ = load_everything(&dir_of(&t));
    }
}

/// Runs every tie reader on a data folder (registry from the same folder).
fn load_ties(dir: &DataDir) -> Result<(), SourceError> {
    use entente_sources::ties;
    let reg = countries::load(dir)?;
    ties::atop_all(dir)?;
    ties::sipri_register(dir, &reg)?;
    ties::sipri_dyad_year(dir)?;
    ties::mme(dir, &reg)?;
    ties::mids_all(dir)?;
    ties::TradeReports::read(dir, &reg, |_| true)?;
    ties::chinese_finance_all(dir)?;
    ties::cow::cow_alliances(dir)?;
    ties::cow::igo(dir)?;
    ties::jme::jme(dir, &reg)?;
    ties::sanctions::gsdb(dir, &reg)?;
    ties::events::icews_dyad_years(dir, &reg)?;
    ties::ucdp::ucdp_dyadic(dir, &reg)?;
    ties::swap_lines::liquidity_lines(dir, &reg)?;
    entente_sources::nmc::cinc_all(dir)?;
    ties::dyads::DyadSources::load(dir, &reg)?;
    Ok(())
}

fn small_ties_dir(lines: usize) -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    common::copy_head(t.path(), &countries::files(), usize::MAX);
    common::copy_head(t.path(), &common::tie_files(), lines);
    t
}

#[test]
fn small_copies_of_the_tie_files_load() {
    load_ties(&dir_of(&small_ties_dir(60))).unwrap();
}

#[test]
fn a_bad_sanction_flag_names_line_and_field() {
    let t = small_ties_dir(10);
    let rel = entente_sources::ties::sanctions::GSDB;
    let text = String::from_utf8(std::fs::read(t.path().join(rel)).unwrap()).unwrap();
    let bad = text.replacen(
        ",0,0,0,0,1,0,0,territorial_conflict",
        ",0,0,x,0,1,0,0,territorial_conflict",
        1,
    );
    assert_ne!(bad, text);
    write(t.path(), rel, bad.as_bytes());
    let dir = dir_of(&t);
    let reg = countries::load(&dir).unwrap();
    let err = entente_sources::ties::sanctions::gsdb(&dir, &reg)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("GSDB_V3.csv.gz:2") && err.contains("'financial'") && err.contains("'x'"),
        "{err}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn mutated_tie_files_never_panic(
        file in 0usize..13,
        edits in proptest::collection::vec((any::<usize>(), any::<u8>(), prop_oneof![Just(b','), Just(b'"'), Just(b'\n'), Just(b'9'), Just(b'-'), any::<u8>()]), 1..6),
    ) {
        let t = small_ties_dir(30);
        let files = common::tie_files();
        let rel = files[file % files.len()];
        let original = std::fs::read(t.path().join(rel)).unwrap();
        write(t.path(), rel, &common::mutate(original, &edits));
        let _ = load_ties(&dir_of(&t));
    }

    #[test]
    fn arbitrary_party_lists_and_csv_lines_never_panic(text in "\\PC{0,80}") {
        let reg = countries::load(&common::data()).unwrap();
        let _ = entente_sources::ties::sanctions::parse_parties(
            &mut entente_sources::ties::Names::new(&reg),
            &text,
        );
    }
}

/// The readers added for the evidence to 2024 name file, line and field too.
#[test]
fn new_evidence_files_name_the_bad_field() {
    let t = small_data_dir(50);
    let reg = countries::load(&dir_of(&t)).unwrap();
    let err_of = |rel: &str, text: &str, read: &dyn Fn() -> Result<(), SourceError>| {
        write(t.path(), rel, text.as_bytes());
        read().unwrap_err().to_string()
    };
    let header_2025 = "Link,token,Scrape_Year,Title,Council,Resolution,country,subregion,continent,Date,YES COUNT,NO COUNT,ABSTAIN COUNT,NO-VOTE COUNT,TOTAL VOTES,tags,CHN,RUS";
    let err = err_of(
        unga::undl::Y2025,
        &format!(
            "{header_2025}\nx,4093920,2025,T,General Assembly,A/RES/80/6,,,,2025-11-11,001,001,000,,193,,YES,MAYBE\n"
        ),
        &|| unga::undl::load_2025(&dir_of(&t), &reg).map(|_| ()),
    );
    assert!(
        err.contains(":2: field 'RUS': unknown vote 'MAYBE'"),
        "{err}"
    );
    use entente_sources::ties::{swap_lines, ucdp};
    let err = err_of(
        ucdp::UCDP_DYADIC,
        "dyad_id,conflict_id,location,side_a,side_a_id,side_a_2nd,side_b,side_b_id,side_b_2nd,incompatibility,territory_name,year,intensity_level,type_of_conflict,start_date,start_prec,start_date2,start_prec2,gwno_a,gwno_a_2nd,gwno_b,gwno_b_2nd,gwno_loc,region,version\n1,2,X,A,1,\"\",B,2,\"\",1,\"\",2022,3,2,2022-02-24,1,2022-02-24,1,365,\"\",369,\"\",369,1,25.1\n",
        &|| ucdp::ucdp_dyadic(&dir_of(&t), &reg).map(|_| ()),
    );
    assert!(
        err.contains(":2: field 'intensity_level': expected 1 or 2"),
        "{err}"
    );
    let err = err_of(
        swap_lines::SWAP_LINES,
        "deal_ID,deal_type,framework,reciprocal_deal,collateral,Helper-pair,ISO_source,source_country,ISO_recipient,recipient_country,start_date,end_date,existence_previous_deal,deal_action,previous_deal,currency_of_deal,source_currency,source_currency_deal,deal_currency_amount,USD_amount,unlimited,initiative,note\n1,reciprocal,0,2,swap,CHN-RUS,CHN,China,RUS,Russia,2014-10-13,31/12/9999,0,NA,,CNY,CNY,1,150,NA,0,,no\n",
        &|| swap_lines::liquidity_lines(&dir_of(&t), &reg).map(|_| ()),
    );
    assert!(
        err.contains(":2: field 'start_date': expected a date dd/mm/yyyy"),
        "{err}"
    );
}

#[test]
fn a_missing_tie_file_leaves_its_indicators_missing_not_zero() {
    use entente_core::index::{N, at};
    use entente_sources::ties::{dyads, swap_lines, ucdp};
    let t = small_ties_dir(60);
    for rel in [ucdp::UCDP_DYADIC, swap_lines::SWAP_LINES] {
        std::fs::remove_file(t.path().join(rel)).unwrap();
    }
    let dir = dir_of(&t);
    let absent = dyads::absent_files(&dir);
    assert_eq!(absent, vec![ucdp::UCDP_DYADIC, swap_lines::SWAP_LINES]);
    let reg = countries::load(&dir).unwrap();
    let sources = dyads::DyadSources::load(&dir, &reg).unwrap();
    // China–Russia: no conflict data and no swap-line data, so missing, never 0; the
    // dispute data still cover 2010 (hostility present), not 2020 (missing).
    let y2020 = sources.dyad_year(710, 365, 2020);
    assert_eq!(y2020.armed_conflict, None);
    assert_eq!(y2020.liquidity_line, None);
    assert_eq!(y2020.hostility, None);
    let v: [f64; N] = y2020.indicator_values();
    assert!(v[at("liquidity_line")].is_nan() && v[at("armed_conflict")].is_nan());
    assert!(sources.dyad_year(710, 365, 2010).hostility.is_some());
}
