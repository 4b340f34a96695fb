using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using MlAsCode.Data;
using MlAsCode.Tests.Features;
using Parquet.Serialization;

namespace MlAsCode.Tests.Data;

public sealed class ParquetLoaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlascode-parquet-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Telco_written_to_parquet_reads_back_row_for_row_one_row_group_at_a_time()
    {
        var path = Path.Combine(_folder, "telco.parquet");
        await ParquetSerializer.SerializeAsync(TestData.Telco, path, new Parquet.ParquetOptions { RowGroupSize = 1000 });

        var rows = TelcoCustomer.ReadParquet(path);
        var read = await rows.ToListAsync();

        Assert.Equal(TestData.Telco, read);
        Assert.Equal(7043, rows.Report.RowCount);
        Assert.Equal(8, rows.Report.RowGroups);
        Assert.True(rows.Report.Completed);
        Assert.Equal(11, read.Count(c => c.TotalCharges is null));
    }

    [Fact]
    public async Task Parquet_and_csv_rows_give_the_same_features()
    {
        var path = Path.Combine(_folder, "telco.parquet");
        await ParquetSerializer.SerializeAsync(TestData.Telco, path);
        var pipeline = TelcoCustomer.Features.Fit(TestData.Telco);

        var fromParquet = pipeline.TransformBatch(await TelcoCustomer.ReadParquet(path).ToListAsync());

        Assert.Equal(pipeline.TransformBatch(TestData.Telco).Values, fromParquet.Values);
    }

    private sealed class WrongTenure
    {
        public string Churn { get; set; } = "No";
        public int Female { get; set; }
        public int SeniorCitizen { get; set; }
        public bool Partner { get; set; }
        public string Tenure { get; set; } = "";
        public string Contract { get; set; } = "";
        public string PaymentMethod { get; set; } = "";
        public string InternetService { get; set; } = "";
        public float MonthlyCharges { get; set; }
        public double? TotalCharges { get; set; }
    }

    [Fact]
    public async Task A_value_that_does_not_convert_names_the_file_row_and_column()
    {
        var path = Path.Combine(_folder, "bad.parquet");
        await ParquetSerializer.SerializeAsync(new[] { new WrongTenure { Tenure = "12" }, new WrongTenure { Tenure = "twelve" } }, path);

        var error = await Assert.ThrowsAsync<DataFormatException>(() => TelcoCustomer.ReadParquet(path).ToListAsync());

        Assert.Equal(2, error.Line);
        Assert.Equal("Tenure", error.ColumnName);
        Assert.Contains("expected a number, found \"twelve", error.Message);
    }

    [Fact]
    public async Task Skipping_bad_rows_reports_them_with_their_row_numbers()
    {
        var path = Path.Combine(_folder, "some-bad.parquet");
        await ParquetSerializer.SerializeAsync(new[] { new WrongTenure { Tenure = "12" }, new WrongTenure { Tenure = "twelve" }, new WrongTenure { Tenure = "3" } }, path);

        var rows = TelcoCustomer.ReadParquet(path, new MlAsCode.Data.Parquet.ParquetReadOptions { OnBadRow = BadRowPolicy.Skip });
        var read = await rows.ToListAsync();

        Assert.Equal([12f, 3f], read.Select(r => r.Tenure));
        Assert.Equal(2, rows.Report.RowCount);
        Assert.Equal(2, Assert.Single(rows.Report.Rejected).Line);
    }

    [Fact]
    public async Task A_missing_column_lists_the_schema()
    {
        var path = Path.Combine(_folder, "few.parquet");
        await ParquetSerializer.SerializeAsync(new[] { new { Churn = "No", Tenure = 3f } }, path);

        var error = await Assert.ThrowsAsync<DataFormatException>(() => TelcoCustomer.ReadParquet(path).ToListAsync());

        Assert.Contains("for property Female; the schema has Churn, Tenure", error.Message);
    }

    [Fact]
    public async Task A_file_that_is_not_parquet_is_refused_with_its_name()
    {
        var path = Path.Combine(_folder, "not.parquet");
        await File.WriteAllTextAsync(path, "churn,tenure\nNo,1\n");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => TelcoCustomer.ReadParquet(path).ToListAsync());

        Assert.IsType<DataFormatException>(error);
        Assert.Contains("not.parquet", error.Message);
    }
}
