//! Every dataset entente reads: files, years, version, citation and BibTeX (like
//! peacesciencer's `ps_cite()`), and which commands use it. `entente sources` prints
//! this catalogue; `entente sources --cite bibtex --for profile` the entries a command
//! used.

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
    pub citation: &'static str,
    pub bibtex: &'static str,
    /// Commands that read it.
    pub used_by: &'static [&'static str],
}

const VOTES_USERS: &[&str] = &[
    "brief", "align", "matrix", "since", "triangle", "blocs", "breaks", "drift", "ideal",
    "profile", "serve", "sources", "validate",
];
const TIES_USERS: &[&str] = &["ties", "profile", "brief", "serve"];

/// The catalogue, in the order `entente sources` prints it.
pub const DATASETS: &[Dataset] = &[
    Dataset {
        key: "voeten2009unga",
        name: "UN General Assembly voting data (Voeten, Strezhnev & Bailey)",
        files: &[
            crate::unga::voeten::VOTES,
            crate::unga::voeten::DESCRIPTIONS,
        ],
        years: (1946, 2017),
        version: "sessions 1–72",
        citation: "Voeten, Erik, Anton Strezhnev and Michael Bailey. United Nations General Assembly Voting Data. Harvard Dataverse, hdl:1902.1/12379.",
        bibtex: "@misc{voeten2009unga,\n  author = {Voeten, Erik and Strezhnev, Anton and Bailey, Michael},\n  title = {United Nations General Assembly Voting Data},\n  publisher = {Harvard Dataverse},\n  year = {2009},\n  note = {hdl:1902.1/12379, sessions 1--72}\n}",
        used_by: VOTES_USERS,
    },
    Dataset {
        key: "robinson2021unvotes",
        name: "unvotes R package (UN roll calls to 2019)",
        files: &[
            crate::unga::unvotes::VOTES,
            crate::unga::unvotes::ROLL_CALLS,
            crate::unga::unvotes::ISSUES,
        ],
        years: (1946, 2019),
        version: "0.3.0",
        citation: "Robinson, David. unvotes: United Nations General Assembly Voting Data. R package version 0.3.0, 2021.",
        bibtex: "@manual{robinson2021unvotes,\n  author = {Robinson, David},\n  title = {unvotes: United Nations General Assembly Voting Data},\n  note = {R package version 0.3.0},\n  year = {2021}\n}",
        used_by: VOTES_USERS,
    },
    Dataset {
        key: "undl2025votes",
        name: "UN Digital Library voting records (scrapes)",
        files: &[crate::unga::undl::LONG_VOTES, crate::unga::undl::WIDE],
        years: (1946, 2025),
        version: "scrape to 2025-10-31",
        citation: "United Nations Digital Library, voting records of the General Assembly and Security Council (scraped by lefthand67/un_votes to 2025-10-31; UN DATA.csv scrape to 2021-12-24).",
        bibtex: "@misc{undl2025votes,\n  author = {{United Nations Dag Hammarskj{\\\"o}ld Library}},\n  title = {United Nations Digital Library: Voting Data},\n  howpublished = {\\url{https://digitallibrary.un.org}},\n  note = {Scraped to 2025-10-31},\n  year = {2025}\n}",
        used_by: VOTES_USERS,
    },
    Dataset {
        key: "bailey2017estimating",
        name: "UNGA ideal points (Bailey, Strezhnev & Voeten), reference estimates",
        files: &[crate::reference::IDEAL_JUN2024],
        years: (1946, 2023),
        version: "June 2024",
        citation: "Bailey, Michael A., Anton Strezhnev and Erik Voeten. 2017. Estimating Dynamic State Preferences from United Nations Voting Data. Journal of Conflict Resolution 61(2): 430–456.",
        bibtex: "@article{bailey2017estimating,\n  author = {Bailey, Michael A. and Strezhnev, Anton and Voeten, Erik},\n  title = {Estimating Dynamic State Preferences from United Nations Voting Data},\n  journal = {Journal of Conflict Resolution},\n  volume = {61},\n  number = {2},\n  pages = {430--456},\n  year = {2017}\n}",
        used_by: &["ideal", "validate", "brief", "profile"],
    },
    Dataset {
        key: "cow2024states",
        name: "COW State System Membership",
        files: &[crate::countries::STATELIST],
        years: (1816, 2024),
        version: "2024",
        citation: "Correlates of War Project. 2024. State System Membership List, v2024.",
        bibtex: "@misc{cow2024states,\n  author = {{Correlates of War Project}},\n  title = {State System Membership List, v2024},\n  howpublished = {\\url{https://correlatesofwar.org}},\n  year = {2024}\n}",
        used_by: &["all commands"],
    },
    Dataset {
        key: "arelbundock2018countrycode",
        name: "countrycode concordance",
        files: &["country_codes/countrycode_codelist.csv.gz"],
        years: (1816, 2024),
        version: "codelist",
        citation: "Arel-Bundock, Vincent, Nils Enevoldsen and CJ Yetman. 2018. countrycode: An R package to convert country names and country codes. Journal of Open Source Software 3(28): 848.",
        bibtex: "@article{arelbundock2018countrycode,\n  author = {Arel-Bundock, Vincent and Enevoldsen, Nils and Yetman, CJ},\n  title = {countrycode: An {R} package to convert country names and country codes},\n  journal = {Journal of Open Source Software},\n  volume = {3},\n  number = {28},\n  pages = {848},\n  year = {2018}\n}",
        used_by: &["all commands"],
    },
    Dataset {
        key: "leeds2002atop",
        name: "Alliance Treaty Obligations and Provisions (ATOP)",
        files: &[crate::ties::ATOP],
        years: (1815, 2018),
        version: "5.1",
        citation: "Leeds, Brett Ashley, Jeffrey M. Ritter, Sara McLaughlin Mitchell and Andrew G. Long. 2002. Alliance Treaty Obligations and Provisions, 1815–1944. International Interactions 28: 237–260.",
        bibtex: "@article{leeds2002atop,\n  author = {Leeds, Brett Ashley and Ritter, Jeffrey M. and Mitchell, Sara McLaughlin and Long, Andrew G.},\n  title = {Alliance Treaty Obligations and Provisions, 1815--1944},\n  journal = {International Interactions},\n  volume = {28},\n  pages = {237--260},\n  year = {2002}\n}",
        used_by: TIES_USERS,
    },
    Dataset {
        key: "gibler2009alliances",
        name: "COW Formal Alliances",
        files: &[crate::ties::cow::COW_ALLIANCES],
        years: (1816, 2012),
        version: "4.1",
        citation: "Gibler, Douglas M. 2009. International Military Alliances, 1648–2008. Washington, DC: CQ Press.",
        bibtex: "@book{gibler2009alliances,\n  author = {Gibler, Douglas M.},\n  title = {International Military Alliances, 1648--2008},\n  publisher = {CQ Press},\n  address = {Washington, DC},\n  year = {2009}\n}",
        used_by: TIES_USERS,
    },
    Dataset {
        key: "pevehouse2020igo",
        name: "COW Intergovernmental Organizations (co-memberships)",
        files: &[crate::ties::cow::IGO],
        years: (1816, 2014),
        version: "3.0",
        citation: "Pevehouse, Jon C. W., Timothy Nordstrom, Roseanne W. McManus and Anne Spencer Jamison. 2020. Tracking Organizations in the World: The Correlates of War IGO Version 3.0 datasets. Journal of Peace Research 57(3): 492–503.",
        bibtex: "@article{pevehouse2020igo,\n  author = {Pevehouse, Jon C. W. and Nordstrom, Timothy and McManus, Roseanne W. and Jamison, Anne Spencer},\n  title = {Tracking Organizations in the World: The {Correlates of War IGO} Version 3.0 datasets},\n  journal = {Journal of Peace Research},\n  volume = {57},\n  number = {3},\n  pages = {492--503},\n  year = {2020}\n}",
        used_by: TIES_USERS,
    },
    Dataset {
        key: "palmer2022mid5",
        name: "COW Militarized Interstate Disputes (dyadic)",
        files: &[crate::ties::MIDS],
        years: (1816, 2014),
        version: "5.0",
        citation: "Palmer, Glenn et al. 2022. The MID5 Dataset, 2011–2014: Procedures, coding rules, and description. Conflict Management and Peace Science 39(4): 470–482.",
        bibtex: "@article{palmer2022mid5,\n  author = {Palmer, Glenn and McManus, Roseanne W. and D'Orazio, Vito and Kenwick, Michael R. and Karstens, Mikaela and Bloch, Chase and Dietrich, Nick and Kahn, Kayla and Ritter, Kellan and Soules, Michael J.},\n  title = {The {MID5} Dataset, 2011--2014: Procedures, coding rules, and description},\n  journal = {Conflict Management and Peace Science},\n  volume = {39},\n  number = {4},\n  pages = {470--482},\n  year = {2022}\n}",
        used_by: TIES_USERS,
    },
    Dataset {
        key: "singer1972nmc",
        name: "COW National Material Capabilities (CINC)",
        files: &[
            "cow/peacesciencer_cow_nmc_v7.csv.gz",
            "cow/NMC-60-abridged.csv.gz",
        ],
        years: (1816, 2022),
        version: "7.0 (else 6.0)",
        citation: "Singer, J. David, Stuart Bremer and John Stuckey. 1972. Capability Distribution, Uncertainty, and Major Power War, 1820–1965. In Bruce Russett (ed.), Peace, War, and Numbers, 19–48. Beverly Hills: Sage.",
        bibtex: "@incollection{singer1972nmc,\n  author = {Singer, J. David and Bremer, Stuart and Stuckey, John},\n  title = {Capability Distribution, Uncertainty, and Major Power War, 1820--1965},\n  booktitle = {Peace, War, and Numbers},\n  editor = {Russett, Bruce},\n  pages = {19--48},\n  publisher = {Sage},\n  address = {Beverly Hills},\n  year = {1972}\n}",
        used_by: &["forecast", "profile"],
    },
    Dataset {
        key: "miller2022peacesciencer",
        name: "peacesciencer (processed COW/ATOP tables)",
        files: &[],
        years: (1816, 2022),
        version: "R package tables",
        citation: "Miller, Steven V. 2022. peacesciencer: An R Package for Quantitative Peace Science Research. Conflict Management and Peace Science 39(6): 755–779.",
        bibtex: "@article{miller2022peacesciencer,\n  author = {Miller, Steven V.},\n  title = {peacesciencer: An {R} Package for Quantitative Peace Science Research},\n  journal = {Conflict Management and Peace Science},\n  volume = {39},\n  number = {6},\n  pages = {755--779},\n  year = {2022}\n}",
        used_by: &["ties", "profile", "brief", "forecast", "serve"],
    },
    Dataset {
        key: "sipri2025arms",
        name: "SIPRI Arms Transfers Database",
        files: &[crate::ties::SIPRI_REGISTER, crate::ties::SIPRI_DYAD_YEAR],
        years: (1950, 2024),
        version: "trade register of 2025-03-13; dyad-year TIV 1950–2021",
        citation: "SIPRI Arms Transfers Database, Stockholm International Peace Research Institute, generated 13 March 2025.",
        bibtex: "@misc{sipri2025arms,\n  author = {{Stockholm International Peace Research Institute}},\n  title = {{SIPRI} Arms Transfers Database},\n  howpublished = {\\url{https://www.sipri.org/databases/armstransfers}},\n  note = {Trade register generated 13 March 2025},\n  year = {2025}\n}",
        used_by: TIES_USERS,
    },
    Dataset {
        key: "dorazio2021mme",
        name: "Multinational Military Exercises (MME)",
        files: &[crate::ties::MME],
        years: (1980, 2010),
        version: "7",
        citation: "D'Orazio, Vito and Kevin Galambos. 2021. Multinational Military Exercises, 1980–2010. Harvard Dataverse, doi:10.7910/DVN/KHFODX.",
        bibtex: "@misc{dorazio2021mme,\n  author = {D'Orazio, Vito and Galambos, Kevin},\n  title = {Multinational Military Exercises, 1980--2010},\n  publisher = {Harvard Dataverse},\n  doi = {10.7910/DVN/KHFODX},\n  year = {2021}\n}",
        used_by: TIES_USERS,
    },
    Dataset {
        key: "dorazio2012jme",
        name: "Joint Military Exercises (JME)",
        files: &[crate::ties::jme::JME],
        years: (1974, 2010),
        version: "3 (workbook of 2017-01-13)",
        citation: "D'Orazio, Vito. Joint Military Exercises dataset, version 3 (workbook of 2017-01-13, via meflynn/troopdata).",
        bibtex: "@misc{dorazio2012jme,\n  author = {D'Orazio, Vito},\n  title = {Joint Military Exercises, version 3},\n  note = {Workbook of 2017-01-13, via meflynn/troopdata},\n  year = {2012}\n}",
        used_by: &["ties", "profile"],
    },
    Dataset {
        key: "imf2022dots",
        name: "IMF Direction of Trade Statistics (DOTS)",
        files: &[crate::ties::TRADE],
        years: (1960, 2020),
        version: "accessed 2022",
        citation: "International Monetary Fund. Direction of Trade Statistics (DOTS), accessed 2022.",
        bibtex: "@misc{imf2022dots,\n  author = {{International Monetary Fund}},\n  title = {Direction of Trade Statistics ({DOTS})},\n  howpublished = {\\url{https://data.imf.org}},\n  note = {Accessed 2022},\n  year = {2022}\n}",
        used_by: TIES_USERS,
    },
    Dataset {
        key: "felbermayr2020gsdb",
        name: "Global Sanctions Data Base (GSDB)",
        files: &[crate::ties::sanctions::GSDB],
        years: (1949, 2022),
        version: "release 3",
        citation: "Felbermayr, Gabriel, Aleksandra Kirilakha, Constantinos Syropoulos, Erdal Yalcin and Yoto V. Yotov. 2020. The Global Sanctions Data Base. European Economic Review 129: 103561; Syropoulos et al. 2024. The Global Sanctions Data Base – Release 3. Review of International Economics.",
        bibtex: "@article{felbermayr2020gsdb,\n  author = {Felbermayr, Gabriel and Kirilakha, Aleksandra and Syropoulos, Constantinos and Yalcin, Erdal and Yotov, Yoto V.},\n  title = {The Global Sanctions Data Base},\n  journal = {European Economic Review},\n  volume = {129},\n  pages = {103561},\n  year = {2020}\n}\n@article{syropoulos2024gsdb,\n  author = {Syropoulos, Constantinos and Felbermayr, Gabriel and Kirilakha, Aleksandra and Yalcin, Erdal and Yotov, Yoto V.},\n  title = {The Global Sanctions Data Base--Release 3: {COVID}-19, {Russia}, and Multilateral Sanctions},\n  journal = {Review of International Economics},\n  year = {2024}\n}",
        used_by: &["ties", "profile", "brief"],
    },
    Dataset {
        key: "custer2023gcdf",
        name: "AidData Global Chinese Development Finance",
        files: &[crate::ties::AIDDATA],
        years: (2000, 2021),
        version: "3.0",
        citation: "Custer, Samantha et al. 2023. Tracking Chinese Development Finance: An Update to AidData's Global Chinese Development Finance Dataset, Version 3.0. Williamsburg, VA: AidData at William & Mary.",
        bibtex: "@techreport{custer2023gcdf,\n  author = {Custer, Samantha and others},\n  title = {Tracking {Chinese} Development Finance: An Update to {AidData}'s Global {Chinese} Development Finance Dataset, Version 3.0},\n  institution = {AidData at William \\& Mary},\n  address = {Williamsburg, VA},\n  year = {2023}\n}",
        used_by: TIES_USERS,
    },
    Dataset {
        key: "boschee2015icews",
        name: "ICEWS coded event data (dyad-year quad counts, netify)",
        files: &[crate::ties::events::ICEWS_DYAD_YEAR],
        years: (2002, 2014),
        version: "netify aggregate of 2023-07-25",
        citation: "Boschee, Elizabeth, Jennifer Lautenschlager, Sean O'Brien, Steve Shellman, James Starz and Michael Ward. 2015. ICEWS Coded Event Data. Harvard Dataverse, doi:10.7910/DVN/28075 (dyad-year counts from the netify R package, Dorff & Minhas).",
        bibtex: "@misc{boschee2015icews,\n  author = {Boschee, Elizabeth and Lautenschlager, Jennifer and O'Brien, Sean and Shellman, Steve and Starz, James and Ward, Michael},\n  title = {{ICEWS} Coded Event Data},\n  publisher = {Harvard Dataverse},\n  doi = {10.7910/DVN/28075},\n  year = {2015}\n}",
        used_by: &["profile"],
    },
];

/// The datasets a command reads (all when `command` is None).
pub fn used_by(command: Option<&str>) -> Vec<&'static Dataset> {
    DATASETS
        .iter()
        .filter(|d| {
            command.is_none_or(|c| d.used_by.contains(&c) || d.used_by.contains(&"all commands"))
        })
        .collect()
}
