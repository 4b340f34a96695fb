using System.IO;
using System.Linq;
using MlAsCode.Data;
using MlAsCode.Data.Csv;
using MlAsCode.Tests.Features;

namespace MlAsCode.Tests.Data;

public class CsvReaderTests
{
    private static string[][] ReadAll(string text)
    {
        var reader = new CsvReader(new StringReader(text), "test.csv");
        return [.. Enumerable.Range(0, 100).Select(_ => reader.Read()).TakeWhile(r => r is not null).Select(r => r!.Fields.ToArray())];
    }

    [Fact]
    public void Quoted_fields_keep_commas_quotes_and_line_breaks()
    {
        var records = ReadAll("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n1,,3\n");

        Assert.Equal(["a", "b", "c"], records[0]);
        Assert.Equal(["x, y", "say \"hi\"", "two\nlines"], records[1]);
        Assert.Equal(["1", "", "3"], records[2]);
        Assert.Equal(3, records.Length);
    }

    [Fact]
    public void Records_know_the_line_they_start_on_after_a_multi_line_field()
    {
        var reader = new CsvReader(new StringReader("h\n\"a\nb\nc\"\nnext\n"), "t.csv");
        reader.Read();
        Assert.Equal(2, reader.Read()!.Line);
        Assert.Equal(5, reader.Read()!.Line);
    }

    [Fact]
    public void An_unclosed_quote_names_the_file_line_and_column()
    {
        var error = Assert.Throws<DataFormatException>(() => ReadAll("a,b\n1,\"open\n"));

        Assert.Equal(2, error.Line);
        Assert.Equal(2, error.Column);
        Assert.Equal("test.csv line 2, column 2: expected a closing quote before the end of the file", error.Message);
    }

    [Fact]
    public void Text_after_a_closing_quote_is_refused()
    {
        var error = Assert.Throws<DataFormatException>(() => ReadAll("\"a\"b,c\n"));

        Assert.Equal(1, error.Column);
        Assert.Contains("after a closing quote", error.Message);
    }

    private const string Header = "churn,female,senior_citizen,partner,tenure,contract,payment_method,internet_service,monthly_charges,total_charges\n";

    [Fact]
    public void A_bad_number_names_file_line_column_and_value()
    {
        var csv = Header + "No,1,0,1,5,Month-to-month,Mailed check,DSL,29.85,29.85\nYes,0,0,0,abc,One year,Mailed check,DSL,20,40\n";

        var error = Assert.Throws<DataFormatException>(() => TelcoCustomer.ParseCsv(csv, "customers.csv").ToList());

        Assert.Equal("customers.csv line 3, column 5 (tenure): expected a number, found \"abc\"", error.Message);
    }

    [Fact]
    public void A_missing_column_names_the_property_and_lists_the_header()
    {
        var csv = Header.Replace("contract,", "") + "No,1,0,1,5,Mailed check,DSL,29.85,29.85\n";

        var error = Assert.Throws<DataFormatException>(() => TelcoCustomer.ParseCsv(csv, "customers.csv").ToList());

        Assert.Contains("expected a column \"Contract\" for property Contract", error.Message);
        Assert.Contains("the header has churn, female", error.Message);
    }

    [Fact]
    public void A_row_with_the_wrong_field_count_is_refused_with_its_line()
    {
        var csv = Header + "No,1,0,1,5,Month-to-month,Mailed check,DSL,29.85\n";

        var error = Assert.Throws<DataFormatException>(() => TelcoCustomer.ParseCsv(csv).ToList());

        Assert.Equal(2, error.Line);
        Assert.Contains("10 fields as in the header", error.Message);
    }

    [Fact]
    public void Skipping_bad_rows_reports_them_and_keeps_the_good_ones()
    {
        var csv = Header
            + "No,1,0,1,5,Month-to-month,Mailed check,DSL,29.85,29.85\n"
            + "Yes,0,0,maybe,7,One year,Mailed check,DSL,20,40\n"
            + "Yes,0,1,0,8,Two year,Mailed check,DSL,NA,NA\n";
        var rows = TelcoCustomer.ParseCsv(csv, "c.csv", new CsvReadOptions { OnBadRow = BadRowPolicy.Skip });

        var read = rows.ToList();

        Assert.Equal(2, read.Count);
        Assert.Equal(2, rows.Report.RowCount);
        var rejected = Assert.Single(rows.Report.Rejected);
        Assert.Equal(3, rejected.Line);
        Assert.Contains("column 4 (partner): expected a boolean", rejected.Error.Message);
        Assert.True(float.IsNaN(read[1].MonthlyCharges));
        Assert.Null(read[1].TotalCharges);
    }

    [Fact]
    public void A_missing_file_is_reported_before_enumeration()
    {
        var error = Assert.Throws<FileNotFoundException>(() => TelcoCustomer.ReadCsv("no/such/file.csv"));
        Assert.Contains("file.csv", error.Message);
    }
}

public class CsvSkipPolicyTests
{
    [Fact]
    public void Skipping_a_row_broken_after_a_closing_quote_resumes_at_the_next_line()
    {
        var csv = "churn,female,senior_citizen,partner,tenure,contract,payment_method,internet_service,monthly_charges,total_charges\n"
            + "No,1,0,1,5,\"Month\"-to-month,Mailed check,DSL,29.85,29.85\n"
            + "Yes,0,1,0,8,Two year,Mailed check,DSL,10,80\n";
        var rows = TelcoCustomer.ParseCsv(csv, "c.csv", new CsvReadOptions { OnBadRow = BadRowPolicy.Skip });

        var read = rows.ToList();

        var good = Assert.Single(read);
        Assert.Equal("Two year", good.Contract);
        Assert.Equal(2, Assert.Single(rows.Report.Rejected).Line);
    }
}

public class CsvRejectLimitTests
{
    [Fact]
    public void Skipping_gives_up_when_more_rows_are_bad_than_allowed()
    {
        var csv = "churn,female,senior_citizen,partner,tenure,contract,payment_method,internet_service,monthly_charges,total_charges\n"
            + string.Concat(Enumerable.Range(0, 4).Select(_ => "No,x,0,1,5,One year,Mailed check,DSL,1,1\n"));
        var rows = TelcoCustomer.ParseCsv(csv, "c.csv", new CsvReadOptions { OnBadRow = BadRowPolicy.Skip, MaxRejectedRows = 2 });

        var error = Assert.Throws<DataFormatException>(() => rows.ToList());

        Assert.Equal(4, error.Line);
        Assert.Contains("at most 2 bad rows (CsvReadOptions.MaxRejectedRows)", error.Message);
    }
}
