//! Small statistics shared by the analyses: a mean with its standard error, Pearson's r.

/// The mean of `v` and its standard error (sample standard deviation / √n; 0 for fewer
/// than two values). Needs at least one value.
pub fn mean_se(v: &[f64]) -> (f64, f64) {
    let n = v.len() as f64;
    let mean = v.iter().sum::<f64>() / n;
    if v.len() < 2 {
        return (mean, 0.0);
    }
    let var = v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, (var / n).sqrt())
}

/// Pearson correlation of the pairs; `None` for fewer than three.
pub fn pearson(pairs: &[(f64, f64)]) -> Option<f64> {
    if pairs.len() < 3 {
        return None;
    }
    let n = pairs.len() as f64;
    let (ma, mb) = (
        pairs.iter().map(|p| p.0).sum::<f64>() / n,
        pairs.iter().map(|p| p.1).sum::<f64>() / n,
    );
    let (mut c, mut va, mut vb) = (0.0, 0.0, 0.0);
    for (a, b) in pairs {
        c += (a - ma) * (b - mb);
        va += (a - ma).powi(2);
        vb += (b - mb).powi(2);
    }
    Some(c / (va * vb).sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn means_errors_and_correlations_by_hand() {
        assert_eq!(mean_se(&[0.0, 0.0, 0.0]), (0.0, 0.0));
        let (m, se) = mean_se(&[0.0, 1.0]);
        assert_eq!(m, 0.5);
        assert!((se - 0.5).abs() < 1e-12);
        let r = pearson(&[(1.0, 2.0), (2.0, 4.0), (3.0, 6.5)]).unwrap();
        assert!((r - 0.9986).abs() < 1e-3);
        assert_eq!(pearson(&[(1.0, 2.0), (2.0, 3.0)]), None);
    }
}
