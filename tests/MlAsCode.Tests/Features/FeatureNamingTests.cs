using MlAsCode.Features;

namespace MlAsCode.Tests.Features;

public class FeatureNamingTests
{
    [Theory]
    [InlineData("MonthlyCharges", "monthly_charges")]
    [InlineData("SeniorCitizen", "senior_citizen")]
    [InlineData("HTTPStatus", "http_status")]
    [InlineData("Clark_Lake", "clark_lake")]
    [InlineData("Bank transfer (automatic)", "bank_transfer_automatic")]
    [InlineData("Month-to-month", "month_to_month")]
    [InlineData("temp2Max", "temp2_max")]
    [InlineData("  ", "blank")]
    public void Snake_case_of_identifiers_and_levels(string text, string expected) =>
        Assert.Equal(expected, FeatureNaming.ToSnakeCase(text));

    [Theory]
    [InlineData("customer_support_tickets_30d_sum", true)]
    [InlineData("customer_tenure_standardized", true)]
    [InlineData("customer_", false)]
    [InlineData("client_tenure", false)]
    [InlineData("customer_Tenure", false)]
    [InlineData("customer__tenure", false)]
    public void Names_follow_the_convention_for_their_entity(string name, bool follows) =>
        Assert.Equal(follows, FeatureNaming.Follows(name, "customer"));

    [Fact]
    public void Names_are_composed_from_entity_feature_window_and_aggregation() =>
        Assert.Equal("customer_support_tickets_30d_sum", FeatureNaming.Compose("Customer", "SupportTickets", "30d", "Sum"));
}
