//! "Highest since" and "lowest since": where a year's value stands in a series,
//! by point estimates and with the intervals taken into account.

/// One year of a series: value and, optionally, its interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Observation {
    pub year: i32,
    pub value: f64,
    pub interval: Option<(f64, f64)>,
}

/// Where `year` stands among the years before it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Standing {
    pub year: i32,
    pub value: f64,
    pub interval: Option<(f64, f64)>,
    /// First year of the series.
    pub first_year: i32,
    /// Most recent earlier year with a value at least as high (`None`: the highest on record).
    pub highest_since: Option<i32>,
    /// Most recent earlier year whose interval reaches this year's lower bound — the year
    /// cannot be told apart from it (`None`: clearly above every earlier year).
    pub highest_within_noise: Option<i32>,
    /// Most recent earlier year with a value at most as low (`None`: the lowest on record).
    pub lowest_since: Option<i32>,
    /// Most recent earlier year whose interval reaches this year's upper bound.
    pub lowest_within_noise: Option<i32>,
}

/// The standing of `year` in `series` (any order; years need not be consecutive).
/// Without intervals the noise-aware answers equal the point answers.
pub fn standing(series: &[Observation], year: i32) -> Option<Standing> {
    let mut obs: Vec<Observation> = series
        .iter()
        .copied()
        .filter(|o| o.value.is_finite())
        .collect();
    obs.sort_by_key(|o| o.year);
    let this = *obs.iter().find(|o| o.year == year)?;
    let earlier: Vec<&Observation> = obs.iter().filter(|o| o.year < year).collect();
    let last = |pred: &dyn Fn(&Observation) -> bool| {
        earlier.iter().rev().find(|o| pred(o)).map(|o| o.year)
    };
    let (lo, hi) = this.interval.unwrap_or((this.value, this.value));
    Some(Standing {
        year,
        value: this.value,
        interval: this.interval,
        first_year: obs[0].year,
        highest_since: last(&|o| o.value >= this.value),
        highest_within_noise: last(&|o| o.interval.map_or(o.value, |i| i.1) >= lo),
        lowest_since: last(&|o| o.value <= this.value),
        lowest_within_noise: last(&|o| o.interval.map_or(o.value, |i| i.0) <= hi),
    })
}

impl Standing {
    /// A sentence for the higher side, e.g. "the highest since 1990; with the intervals,
    /// clearly above every year after 2012".
    pub fn highest_sentence(&self) -> String {
        self.sentence(
            ("highest", "above"),
            self.highest_since,
            self.highest_within_noise,
        )
    }

    /// The same for the lower side.
    pub fn lowest_sentence(&self) -> String {
        self.sentence(
            ("lowest", "below"),
            self.lowest_since,
            self.lowest_within_noise,
        )
    }

    fn sentence(
        &self,
        (most, beyond): (&str, &str),
        since: Option<i32>,
        noise: Option<i32>,
    ) -> String {
        let point = match since {
            None => format!("the {most} since the series begins ({})", self.first_year),
            Some(t) if t == self.year - 1 => format!("not {beyond} {t}"),
            Some(t) => format!("the {most} since {t}"),
        };
        if self.interval.is_none() || noise == since {
            return point;
        }
        let noise = match noise {
            None => format!("clearly {beyond} every earlier year"),
            Some(t) if t == self.year - 1 => format!("not clearly {beyond} {t}"),
            Some(t) => format!("clearly {beyond} every year after {t} only"),
        };
        format!("{point}; with the intervals, {noise}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obs(year: i32, value: f64, half: f64) -> Observation {
        Observation {
            year,
            value,
            interval: Some((value - half, value + half)),
        }
    }

    #[test]
    fn finds_the_last_year_at_least_as_high() {
        // 1955 high, dip, then a rise in 2019 to just below 1955.
        let s = [
            obs(1955, 0.90, 0.05),
            obs(1960, 0.60, 0.05),
            obs(1990, 0.70, 0.05),
            obs(2010, 0.86, 0.05),
            obs(2019, 0.88, 0.05),
        ];
        let st = standing(&s, 2019).unwrap();
        assert_eq!(st.highest_since, Some(1955));
        // 2010's interval [0.81, 0.91] reaches 2019's lower bound 0.83.
        assert_eq!(st.highest_within_noise, Some(2010));
        assert_eq!(
            st.lowest_since,
            Some(2010),
            "2010 (0.86) is below 2019 (0.88)"
        );
        assert_eq!(
            st.highest_sentence(),
            "the highest since 1955; with the intervals, clearly above every year after 2010 only"
        );
    }

    #[test]
    fn record_and_adjacent_cases() {
        let s = [
            obs(2000, 0.5, 0.01),
            obs(2001, 0.6, 0.01),
            obs(2002, 0.7, 0.2),
        ];
        let st = standing(&s, 2002).unwrap();
        assert_eq!(st.highest_since, None);
        assert_eq!(st.highest_within_noise, Some(2001));
        assert_eq!(
            st.highest_sentence(),
            "the highest since the series begins (2000); with the intervals, not clearly above 2001"
        );
        assert_eq!(st.lowest_since, Some(2001));
        assert_eq!(st.lowest_sentence(), "not below 2001");
        let point_only = [
            Observation {
                year: 1,
                value: 2.0,
                interval: None,
            },
            Observation {
                year: 2,
                value: 1.0,
                interval: None,
            },
        ];
        let st = standing(&point_only, 2).unwrap();
        assert_eq!(st.highest_since, Some(1));
        assert_eq!(st.highest_sentence(), "not above 1");
        assert_eq!(
            st.lowest_sentence(),
            "the lowest since the series begins (1)"
        );
        assert!(standing(&point_only, 3).is_none());
    }
}
