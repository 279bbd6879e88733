//! Every dataset entente reads: files, years, version, the source line outputs cite,
//! the full citation and BibTeX (like peacesciencer's `ps_cite()`). The one home of
//! dataset metadata: coverage constants of the readers, `entente sources`, the brief's
//! sources and coverage notes all come from here. Which commands read which dataset is
//! the analysis layer's business (entente-analysis `datasets`).

/// One dataset.
#[derive(Clone, Copy, Debug)]
pub struct Dataset {
    /// Short stable key (BibTeX key too).
    pub key: &'static str,
    pub name: &'static str,
    /// Files under the data folder.
    pub files: &'static [&'static str],
    pub years: (i32, i32),
    pub version: &'static str,
    /// One line naming the dataset, version, years and unit, as outputs cite it.
    pub source: &'static str,
    pub citation: &'static str,
    pub bibtex: &'static str,
}

pub const VOETEN_VOTES: Dataset = Dataset {
    key: "voeten2009unga",
    name: "UN General Assembly voting data (Voeten, Strezhnev & Bailey)",
    files: &[
        crate::unga::voeten::VOTES,
        crate::unga::voeten::DESCRIPTIONS,
    ],
    years: (1946, 2017),
    version: "sessions 1–72",
    source: "UN General Assembly voting data, sessions 1–72 (Voeten, Strezhnev & Bailey, Harvard Dataverse hdl:1902.1/12379)",
    citation: "Voeten, Erik, Anton Strezhnev and Michael Bailey. United Nations General Assembly Voting Data. Harvard Dataverse, hdl:1902.1/12379.",
    bibtex: "@misc{voeten2009unga,\n  author = {Voeten, Erik and Strezhnev, Anton and Bailey, Michael},\n  title = {United Nations General Assembly Voting Data},\n  publisher = {Harvard Dataverse},\n  year = {2009},\n  note = {hdl:1902.1/12379, sessions 1--72}\n}",
};

pub const UNVOTES: Dataset = Dataset {
    key: "robinson2021unvotes",
    name: "unvotes R package (UN roll calls to 2019)",
    files: &[
        crate::unga::unvotes::VOTES,
        crate::unga::unvotes::ROLL_CALLS,
        crate::unga::unvotes::ISSUES,
    ],
    years: (1946, 2019),
    version: "0.3.0",
    source: "unvotes R package 0.3.0 (Robinson 2021), UN roll calls to 2019 with issue codes",
    citation: "Robinson, David. unvotes: United Nations General Assembly Voting Data. R package version 0.3.0, 2021.",
    bibtex: "@manual{robinson2021unvotes,\n  author = {Robinson, David},\n  title = {unvotes: United Nations General Assembly Voting Data},\n  note = {R package version 0.3.0},\n  year = {2021}\n}",
};

pub const UNDL_VOTES: Dataset = Dataset {
    key: "undl2025votes",
    name: "UN Digital Library voting records (scrapes)",
    files: &[
        crate::unga::undl::LONG_VOTES,
        crate::unga::undl::WIDE,
        crate::unga::undl::Y2025,
    ],
    years: (1946, 2025),
    version: "scrapes to 2025-12-29",
    source: "UN Digital Library voting records, General Assembly and Security Council, scraped to 2025-12",
    citation: "United Nations Digital Library, voting records of the General Assembly and Security Council (scraped by lefthand67/un_votes to 2025-10-31; UN DATA.csv scrape to 2021-12-24; calendar 2025 by the Data Driven Decision Lab scraper, via HZloto/unga-2025, to 2025-12-29).",
    bibtex: "@misc{undl2025votes,\n  author = {{United Nations Dag Hammarskj{\\\"o}ld Library}},\n  title = {United Nations Digital Library: Voting Data},\n  howpublished = {\\url{https://digitallibrary.un.org}},\n  note = {Scraped to 2025-12-29},\n  year = {2025}\n}",
};

pub const IDEAL_POINTS: Dataset = Dataset {
    key: "bailey2017estimating",
    name: "UNGA ideal points (Bailey, Strezhnev & Voeten), reference estimates",
    files: &[crate::reference::IDEAL_JUN2024],
    years: (1946, 2023),
    version: "June 2024",
    source: "UNGA ideal points, Bailey, Strezhnev & Voeten (2017), June 2024 and July 2025 releases",
    citation: "Bailey, Michael A., Anton Strezhnev and Erik Voeten. 2017. Estimating Dynamic State Preferences from United Nations Voting Data. Journal of Conflict Resolution 61(2): 430–456.",
    bibtex: "@article{bailey2017estimating,\n  author = {Bailey, Michael A. and Strezhnev, Anton and Voeten, Erik},\n  title = {Estimating Dynamic State Preferences from United Nations Voting Data},\n  journal = {Journal of Conflict Resolution},\n  volume = {61},\n  number = {2},\n  pages = {430--456},\n  year = {2017}\n}",
};

pub const COW_STATES: Dataset = Dataset {
    key: "cow2024states",
    name: "COW State System Membership",
    files: &[crate::countries::STATELIST],
    years: (1816, 2024),
    version: "2024",
    source: "Correlates of War State System Membership (2024)",
    citation: "Correlates of War Project. 2024. State System Membership List, v2024.",
    bibtex: "@misc{cow2024states,\n  author = {{Correlates of War Project}},\n  title = {State System Membership List, v2024},\n  howpublished = {\\url{https://correlatesofwar.org}},\n  year = {2024}\n}",
};

pub const COUNTRYCODE: Dataset = Dataset {
    key: "arelbundock2018countrycode",
    name: "countrycode concordance",
    files: &["country_codes/countrycode_codelist.csv.gz"],
    years: (1816, 2024),
    version: "codelist",
    source: "countrycode concordance (Arel-Bundock et al. 2018)",
    citation: "Arel-Bundock, Vincent, Nils Enevoldsen and CJ Yetman. 2018. countrycode: An R package to convert country names and country codes. Journal of Open Source Software 3(28): 848.",
    bibtex: "@article{arelbundock2018countrycode,\n  author = {Arel-Bundock, Vincent and Enevoldsen, Nils and Yetman, CJ},\n  title = {countrycode: An {R} package to convert country names and country codes},\n  journal = {Journal of Open Source Software},\n  volume = {3},\n  number = {28},\n  pages = {848},\n  year = {2018}\n}",
};

pub const ATOP: Dataset = Dataset {
    key: "leeds2002atop",
    name: "Alliance Treaty Obligations and Provisions (ATOP)",
    files: &[crate::ties::ATOP],
    years: (1815, 2018),
    version: "5.1",
    source: "ATOP v5.1 (Leeds, Ritter, Mitchell & Long 2002), directed dyad-years 1815–2018, via peacesciencer",
    citation: "Leeds, Brett Ashley, Jeffrey M. Ritter, Sara McLaughlin Mitchell and Andrew G. Long. 2002. Alliance Treaty Obligations and Provisions, 1815–1944. International Interactions 28: 237–260.",
    bibtex: "@article{leeds2002atop,\n  author = {Leeds, Brett Ashley and Ritter, Jeffrey M. and Mitchell, Sara McLaughlin and Long, Andrew G.},\n  title = {Alliance Treaty Obligations and Provisions, 1815--1944},\n  journal = {International Interactions},\n  volume = {28},\n  pages = {237--260},\n  year = {2002}\n}",
};

pub const COW_ALLIANCES: Dataset = Dataset {
    key: "gibler2009alliances",
    name: "COW Formal Alliances",
    files: &[crate::ties::cow::COW_ALLIANCES],
    years: (1816, 2012),
    version: "4.1",
    source: "COW Formal Alliances v4.1 (Gibler 2009), dyad-years 1816–2012, via peacesciencer",
    citation: "Gibler, Douglas M. 2009. International Military Alliances, 1648–2008. Washington, DC: CQ Press.",
    bibtex: "@book{gibler2009alliances,\n  author = {Gibler, Douglas M.},\n  title = {International Military Alliances, 1648--2008},\n  publisher = {CQ Press},\n  address = {Washington, DC},\n  year = {2009}\n}",
};

pub const COW_IGO: Dataset = Dataset {
    key: "pevehouse2020igo",
    name: "COW Intergovernmental Organizations (co-memberships)",
    files: &[crate::ties::cow::IGO],
    years: (1816, 2014),
    version: "3.0",
    source: "COW Intergovernmental Organizations v3 (Pevehouse et al. 2020), shared full memberships per dyad-year 1816–2014, via peacesciencer",
    citation: "Pevehouse, Jon C. W., Timothy Nordstrom, Roseanne W. McManus and Anne Spencer Jamison. 2020. Tracking Organizations in the World: The Correlates of War IGO Version 3.0 datasets. Journal of Peace Research 57(3): 492–503.",
    bibtex: "@article{pevehouse2020igo,\n  author = {Pevehouse, Jon C. W. and Nordstrom, Timothy and McManus, Roseanne W. and Jamison, Anne Spencer},\n  title = {Tracking Organizations in the World: The {Correlates of War IGO} Version 3.0 datasets},\n  journal = {Journal of Peace Research},\n  volume = {57},\n  number = {3},\n  pages = {492--503},\n  year = {2020}\n}",
};

pub const COW_MID: Dataset = Dataset {
    key: "palmer2022mid5",
    name: "COW Militarized Interstate Disputes (dyadic)",
    files: &[crate::ties::MIDS],
    years: (1816, 2014),
    version: "5.0",
    source: "COW Militarized Interstate Disputes 5.0 (Palmer et al. 2022), dispute dyad-years 1816–2014, via peacesciencer",
    citation: "Palmer, Glenn et al. 2022. The MID5 Dataset, 2011–2014: Procedures, coding rules, and description. Conflict Management and Peace Science 39(4): 470–482.",
    bibtex: "@article{palmer2022mid5,\n  author = {Palmer, Glenn and McManus, Roseanne W. and D'Orazio, Vito and Kenwick, Michael R. and Karstens, Mikaela and Bloch, Chase and Dietrich, Nick and Kahn, Kayla and Ritter, Kellan and Soules, Michael J.},\n  title = {The {MID5} Dataset, 2011--2014: Procedures, coding rules, and description},\n  journal = {Conflict Management and Peace Science},\n  volume = {39},\n  number = {4},\n  pages = {470--482},\n  year = {2022}\n}",
};

pub const COW_NMC: Dataset = Dataset {
    key: "singer1972nmc",
    name: "COW National Material Capabilities (CINC)",
    files: &[
        "cow/peacesciencer_cow_nmc_v7.csv.gz",
        "cow/NMC-60-abridged.csv.gz",
    ],
    years: (1816, 2022),
    version: "7.0 (else 6.0)",
    source: "COW National Material Capabilities v7 (Singer, Bremer & Stuckey 1972), CINC scores 1816–2022",
    citation: "Singer, J. David, Stuart Bremer and John Stuckey. 1972. Capability Distribution, Uncertainty, and Major Power War, 1820–1965. In Bruce Russett (ed.), Peace, War, and Numbers, 19–48. Beverly Hills: Sage.",
    bibtex: "@incollection{singer1972nmc,\n  author = {Singer, J. David and Bremer, Stuart and Stuckey, John},\n  title = {Capability Distribution, Uncertainty, and Major Power War, 1820--1965},\n  booktitle = {Peace, War, and Numbers},\n  editor = {Russett, Bruce},\n  pages = {19--48},\n  publisher = {Sage},\n  address = {Beverly Hills},\n  year = {1972}\n}",
};

pub const PEACESCIENCER: Dataset = Dataset {
    key: "miller2022peacesciencer",
    name: "peacesciencer (processed COW/ATOP tables)",
    files: &[],
    years: (1816, 2022),
    version: "R package tables",
    source: "peacesciencer R package tables (Miller 2022)",
    citation: "Miller, Steven V. 2022. peacesciencer: An R Package for Quantitative Peace Science Research. Conflict Management and Peace Science 39(6): 755–779.",
    bibtex: "@article{miller2022peacesciencer,\n  author = {Miller, Steven V.},\n  title = {peacesciencer: An {R} Package for Quantitative Peace Science Research},\n  journal = {Conflict Management and Peace Science},\n  volume = {39},\n  number = {6},\n  pages = {755--779},\n  year = {2022}\n}",
};

pub const SIPRI: Dataset = Dataset {
    key: "sipri2025arms",
    name: "SIPRI Arms Transfers Database",
    files: &[
        crate::ties::SIPRI_REGISTER,
        crate::ties::SIPRI_DYAD_YEAR,
        crate::ties::sipri_deliveries::SIPRI_DELIVERIES,
    ],
    years: (1950, 2024),
    version: "trade register of 2025-03-13; dyad-year TIV 1950–2021; deliveries by year 2000–2023 (generated 2025-01-03)",
    source: "SIPRI Arms Transfers Database, trade register generated 13 Mar 2025; dyad-year TIV 1950–2021 (SIPRI tables of 28 Jul 2022, via 360info); transfers by delivery year 2000–2023 (generated 3 Jan 2025); SIPRI trend-indicator values (TIV), millions",
    citation: "SIPRI Arms Transfers Database, Stockholm International Peace Research Institute, generated 13 March 2025.",
    bibtex: "@misc{sipri2025arms,\n  author = {{Stockholm International Peace Research Institute}},\n  title = {{SIPRI} Arms Transfers Database},\n  howpublished = {\\url{https://www.sipri.org/databases/armstransfers}},\n  note = {Trade register generated 13 March 2025},\n  year = {2025}\n}",
};

pub const MME: Dataset = Dataset {
    key: "dorazio2021mme",
    name: "Multinational Military Exercises (MME)",
    files: &[crate::ties::MME],
    years: (1980, 2010),
    version: "7",
    source: "Multinational Military Exercises v7, 1980–2010 (D'Orazio & Galambos 2021, Harvard Dataverse doi:10.7910/DVN/KHFODX)",
    citation: "D'Orazio, Vito and Kevin Galambos. 2021. Multinational Military Exercises, 1980–2010. Harvard Dataverse, doi:10.7910/DVN/KHFODX.",
    bibtex: "@misc{dorazio2021mme,\n  author = {D'Orazio, Vito and Galambos, Kevin},\n  title = {Multinational Military Exercises, 1980--2010},\n  publisher = {Harvard Dataverse},\n  doi = {10.7910/DVN/KHFODX},\n  year = {2021}\n}",
};

pub const JME: Dataset = Dataset {
    key: "dorazio2012jme",
    name: "Joint Military Exercises (JME)",
    files: &[crate::ties::jme::JME],
    years: (1974, 2010),
    version: "3 (workbook of 2017-01-13)",
    source: "Joint Military Exercises v3, 1974–2010 (D'Orazio 2012; workbook of 2017-01-13 via meflynn/troopdata)",
    citation: "D'Orazio, Vito. Joint Military Exercises dataset, version 3 (workbook of 2017-01-13, via meflynn/troopdata).",
    bibtex: "@misc{dorazio2012jme,\n  author = {D'Orazio, Vito},\n  title = {Joint Military Exercises, version 3},\n  note = {Workbook of 2017-01-13, via meflynn/troopdata},\n  year = {2012}\n}",
};

pub const IMF_DOTS: Dataset = Dataset {
    key: "imf2022dots",
    name: "IMF Direction of Trade Statistics (DOTS)",
    files: &[crate::ties::TRADE],
    years: (1960, 2020),
    version: "accessed 2022",
    source: "IMF Direction of Trade Statistics (DOTS), goods, US$ millions, 1960–2020 (IMF data-portal exports of 2022)",
    citation: "International Monetary Fund. Direction of Trade Statistics (DOTS), accessed 2022.",
    bibtex: "@misc{imf2022dots,\n  author = {{International Monetary Fund}},\n  title = {Direction of Trade Statistics ({DOTS})},\n  howpublished = {\\url{https://data.imf.org}},\n  note = {Accessed 2022},\n  year = {2022}\n}",
};

pub const GSDB: Dataset = Dataset {
    key: "felbermayr2020gsdb",
    name: "Global Sanctions Data Base (GSDB)",
    files: &[crate::ties::sanctions::GSDB],
    years: (1949, 2022),
    version: "release 3",
    source: "Global Sanctions Data Base, release 3 (Felbermayr et al. 2020; Syropoulos et al. 2024), sanction cases 1949–2022",
    citation: "Felbermayr, Gabriel, Aleksandra Kirilakha, Constantinos Syropoulos, Erdal Yalcin and Yoto V. Yotov. 2020. The Global Sanctions Data Base. European Economic Review 129: 103561; Syropoulos et al. 2024. The Global Sanctions Data Base – Release 3. Review of International Economics.",
    bibtex: "@article{felbermayr2020gsdb,\n  author = {Felbermayr, Gabriel and Kirilakha, Aleksandra and Syropoulos, Constantinos and Yalcin, Erdal and Yotov, Yoto V.},\n  title = {The Global Sanctions Data Base},\n  journal = {European Economic Review},\n  volume = {129},\n  pages = {103561},\n  year = {2020}\n}\n@article{syropoulos2024gsdb,\n  author = {Syropoulos, Constantinos and Felbermayr, Gabriel and Kirilakha, Aleksandra and Yalcin, Erdal and Yotov, Yoto V.},\n  title = {The Global Sanctions Data Base--Release 3: {COVID}-19, {Russia}, and Multilateral Sanctions},\n  journal = {Review of International Economics},\n  year = {2024}\n}",
};

pub const AIDDATA: Dataset = Dataset {
    key: "custer2023gcdf",
    name: "AidData Global Chinese Development Finance",
    files: &[crate::ties::AIDDATA],
    years: (2000, 2021),
    version: "3.0",
    source: "AidData Global Chinese Development Finance 3.0 (Custer et al. 2023), commitments by recipient-year 2000–2021, constant 2021 US$, via odadata",
    citation: "Custer, Samantha et al. 2023. Tracking Chinese Development Finance: An Update to AidData's Global Chinese Development Finance Dataset, Version 3.0. Williamsburg, VA: AidData at William & Mary.",
    bibtex: "@techreport{custer2023gcdf,\n  author = {Custer, Samantha and others},\n  title = {Tracking {Chinese} Development Finance: An Update to {AidData}'s Global {Chinese} Development Finance Dataset, Version 3.0},\n  institution = {AidData at William \\& Mary},\n  address = {Williamsburg, VA},\n  year = {2023}\n}",
};

pub const ICEWS: Dataset = Dataset {
    key: "boschee2015icews",
    name: "ICEWS coded event data (dyad-year quad counts, netify)",
    files: &[crate::ties::events::ICEWS_DYAD_YEAR],
    years: (2002, 2014),
    version: "netify aggregate of 2023-07-25",
    source: "ICEWS event counts by quad class, directed dyad-years 2002–2014 (Boschee et al., Harvard Dataverse; aggregated by the netify package, Dorff & Minhas)",
    citation: "Boschee, Elizabeth, Jennifer Lautenschlager, Sean O'Brien, Steve Shellman, James Starz and Michael Ward. 2015. ICEWS Coded Event Data. Harvard Dataverse, doi:10.7910/DVN/28075 (dyad-year counts from the netify R package, Dorff & Minhas).",
    bibtex: "@misc{boschee2015icews,\n  author = {Boschee, Elizabeth and Lautenschlager, Jennifer and O'Brien, Sean and Shellman, Steve and Starz, James and Ward, Michael},\n  title = {{ICEWS} Coded Event Data},\n  publisher = {Harvard Dataverse},\n  doi = {10.7910/DVN/28075},\n  year = {2015}\n}",
};

pub const GDELT_TOTALS: Dataset = Dataset {
    key: "leetaru2013gdelt",
    name: "GDELT 1.0 record totals per day, month and year (normalisation)",
    files: &[
        crate::events::totals::DAILY,
        crate::events::totals::MONTHLY,
        crate::events::totals::YEARLY,
    ],
    years: (1979, 2013),
    version: "GDELTtools 1.0.1 NormEventCountsData",
    source: "GDELT 1.0 total records per period, 1979–2013-07 (Leetaru & Schrodt 2013; counts by J. Beieler shipped with the GDELTtools R package 1.0.1)",
    citation: "Leetaru, Kalev and Philip A. Schrodt. 2013. GDELT: Global Data on Events, Location and Tone, 1979–2012. Paper presented at the International Studies Association Annual Convention, San Francisco.",
    bibtex: "@inproceedings{leetaru2013gdelt,\n  author = {Leetaru, Kalev and Schrodt, Philip A.},\n  title = {{GDELT}: Global Data on Events, Location and Tone, 1979--2012},\n  booktitle = {International Studies Association Annual Convention},\n  address = {San Francisco},\n  year = {2013}\n}",
};

pub const UCDP: Dataset = Dataset {
    key: "davies2025ucdp",
    name: "UCDP Dyadic Dataset (armed-conflict dyad-years)",
    files: &[crate::ties::ucdp::UCDP_DYADIC],
    years: (1946, 2024),
    version: "25.1",
    source: "UCDP Dyadic Dataset v25.1 (Harbom, Melander & Wallensteen 2008; Davies et al. 2025), armed-conflict dyad-years 1946–2024",
    citation: "Harbom, Lotta, Erik Melander and Peter Wallensteen. 2008. Dyadic Dimensions of Armed Conflict, 1946–2007. Journal of Peace Research 45(5): 697–710; Gleditsch, Nils Petter et al. 2002. Armed Conflict 1946–2001: A New Dataset. Journal of Peace Research 39(5): 615–637; Davies, Shawn et al. 2025. Organized violence 1989–2024, and the challenges of identifying civilian victims. Journal of Peace Research 62(4).",
    bibtex: "@article{harbom2008dyadic,\n  author = {Harbom, Lotta and Melander, Erik and Wallensteen, Peter},\n  title = {Dyadic Dimensions of Armed Conflict, 1946--2007},\n  journal = {Journal of Peace Research},\n  volume = {45},\n  number = {5},\n  pages = {697--710},\n  year = {2008}\n}\n@article{davies2025ucdp,\n  author = {Davies, Shawn and Pettersson, Therese and Sollenberg, Margareta and {\\\"O}berg, Magnus},\n  title = {Organized violence 1989--2024, and the challenges of identifying civilian victims},\n  journal = {Journal of Peace Research},\n  volume = {62},\n  number = {4},\n  year = {2025}\n}",
};

pub const SWAP_LINES: Dataset = Dataset {
    key: "bahaj2024lines",
    name: "The Global Network of Liquidity Lines (Bahaj, Fuchs & Reis)",
    files: &[crate::ties::swap_lines::SWAP_LINES],
    years: (1978, 2025),
    version: "vintage 3 (January 2026)",
    source: "Central-bank liquidity lines, Bahaj, Fuchs & Reis, vintage of January 2026, agreements 1978–2025",
    citation: "Bahaj, Saleem, Marie Fuchs and Ricardo Reis. 2024. The Global Network of Liquidity Lines. CEPR Discussion Paper 19070. Data: github.com/R2RsquaredLSE/web-lines, liquidity_lines_0126.",
    bibtex: "@techreport{bahaj2024lines,\n  author = {Bahaj, Saleem and Fuchs, Marie and Reis, Ricardo},\n  title = {The Global Network of Liquidity Lines},\n  institution = {CEPR},\n  type = {Discussion Paper},\n  number = {19070},\n  year = {2024}\n}",
};

pub const CHINA_RUSSIA_EXERCISES: Dataset = Dataset {
    key: "entente2026cnruex",
    name: "China–Russia joint exercises 2003–2025 (hand-compiled, sourced)",
    files: &[crate::ties::sourced_exercises::CHINA_RUSSIA_EXERCISES],
    years: (2003, 2025),
    version: "62 rows, compiled 2026",
    source: "China–Russia joint exercises and patrols 2003–2025, hand-compiled from public pages with a source address and a verbatim quote per row (exercises/SOURCE.md)",
    citation: "China–Russia joint exercises 2003–2025: a list compiled for entente from news agencies, ministry sites, think tanks and Wikipedia, each row with its source address and a quote (data folder exercises/china_russia_exercises_2003_2025.csv).",
    bibtex: "@misc{entente2026cnruex,\n  title = {{China}--{Russia} joint exercises 2003--2025 (hand-compiled, sourced)},\n  note = {Data folder exercises/china\\_russia\\_exercises\\_2003\\_2025.csv; every row with a source address and a verbatim quote},\n  year = {2026}\n}",
};

/// The catalogue, in the order `entente sources` prints it.
pub const DATASETS: &[Dataset] = &[
    VOETEN_VOTES,
    UNVOTES,
    UNDL_VOTES,
    IDEAL_POINTS,
    COW_STATES,
    COUNTRYCODE,
    ATOP,
    COW_ALLIANCES,
    COW_IGO,
    COW_MID,
    COW_NMC,
    PEACESCIENCER,
    SIPRI,
    MME,
    JME,
    IMF_DOTS,
    GSDB,
    AIDDATA,
    ICEWS,
    UCDP,
    SWAP_LINES,
    CHINA_RUSSIA_EXERCISES,
    GDELT_TOTALS,
];

/// A dataset by its key.
pub fn by_key(key: &str) -> Option<&'static Dataset> {
    DATASETS.iter().find(|d| d.key == key)
}
