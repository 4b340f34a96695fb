using MlAsCode;

namespace Churn;

/// <summary>
/// The churn features (Phase 2), read from data/telco_churn.csv. The generator adds Customer.ReadCsv(...) and
/// Customer.Features; analyzers check the columns against the CSV header (it is an AdditionalFiles item).
/// </summary>
[FeatureSet(Entity = "customer", Problem = typeof(ChurnProblem), Source = "data/telco_churn.csv")]
public partial record Customer
{
    [Target(Positive = "Yes")]
    public string Churn { get; init; } = "";

    // Protected attributes: never features, always fairness slices (ML0102 if one gets [Feature]).
    [Protected]
    public int Female { get; init; }

    [Protected]
    public int SeniorCitizen { get; init; }

    [Feature(Description = "Has a partner")]
    public bool Partner { get; init; }

    [Feature(Description = "Has dependents")]
    public bool Dependents { get; init; }

    [Feature(Transform.Standardize, Description = "Months as a customer", Owner = "crm")]
    [ValidRange(0, 120)]
    public float Tenure { get; init; }

    [Feature(Transform.OneHot, Description = "Contract term")]
    [ValidValues("Month-to-month", "One year", "Two year")]
    public string Contract { get; init; } = "";

    [Feature(Transform.OneHot, Description = "Internet service type")]
    public string InternetService { get; init; } = "";

    [Feature(Transform.TargetEncode, Folds = 5, Description = "Churn rate of the payment method (out-of-fold in training)")]
    public string PaymentMethod { get; init; } = "";

    [Feature(Transform.Raw, Description = "Paperless billing")]
    public bool PaperlessBilling { get; init; }

    [Feature(Transform.Log, Description = "Monthly charges, log1p", Owner = "billing")]
    [ValidRange(0, 500)]
    [Feature(Transform.Ratio, Other = nameof(Tenure), DivisionByZero = DivisionByZero.Zero, Description = "Monthly charges per month of tenure")]
    public float MonthlyCharges { get; init; }

    [Feature(Transform.QuantileBin, Bins = 10, Impute = Imputation.Median, Description = "Total charges decile",
        KnownIssues = "NA for the 11 customers in their first month")]
    public double? TotalCharges { get; init; }
}
