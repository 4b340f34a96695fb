using MlAsCode;

namespace PayBands;

/// <summary>
/// One employee (Phase 2), read from data/hr_attrition.csv. Requests, the prediction log and the reference profile
/// name each field by the naming contract: the property's snake_case (<c>job_role</c>), as no <c>[Column]</c> renames it.
/// </summary>
[FeatureSet(Entity = "employee", Problem = typeof(PayBandsProblem), Source = "data/hr_attrition.csv")]
public partial record Employee
{
    /// <summary>Pay is skewed and multiplicative (a level up is a percentage, not a fixed amount): trained on its log,
    /// reported and served in dollars.</summary>
    [Target(Transform = TargetTransform.Log)]
    [ValidRange(500, 50000)]
    public double MonthlyIncome { get; init; }

    [Protected]
    public string Gender { get; init; } = "";

    [Protected]
    public int Age { get; init; }

    /// <summary>A role the company never had is scored from the rest and said in the answer and on /monitoring.</summary>
    [Feature(Transform.OneHot, Description = "Job role")]
    public string JobRole { get; init; } = "";

    /// <summary>A department the company does not have is a typo or a reorganisation: refused.</summary>
    [Feature(Transform.OneHot, Unknown = UnknownCategory.Error, Description = "Department")]
    public string Department { get; init; } = "";

    [Feature(Transform.Standardize, Description = "Job level, 1 (entry) to 5 (executive)")]
    [ValidRange(1, 5)]
    public int JobLevel { get; init; }

    [Feature(Transform.Standardize, Description = "Years of work experience")]
    [ValidRange(0, 50)]
    public float TotalWorkingYears { get; init; }

    [Feature(Transform.Standardize, Description = "Years at this company")]
    [ValidRange(0, 50)]
    public float YearsAtCompany { get; init; }

    [Feature(Transform.OneHot, Description = "Highest education")]
    public string Education { get; init; } = "";
}

/// <summary>A linear model of log pay: each level, role and year of experience is a percentage.</summary>
[Experiment("EXP-2026-12-08-201", Problem = typeof(PayBandsProblem), Features = typeof(Employee),
    Hypothesis = "Level, role and experience cut the median-per-role MAE by more than 300 USD a month",
    Model = ModelFamily.Linear, Split = SplitStrategy.Random, Folds = 5, Seed = 42, Margin = 300,
    Segments = new[] { nameof(Employee.Department), nameof(Employee.JobRole), nameof(Employee.Gender) })]
[Hyperparameter("l2_regularization", 0.001)]
[Tuning(TuningStrategy.Manual)]
public partial class PayExperiment;
