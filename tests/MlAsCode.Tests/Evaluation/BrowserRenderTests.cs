using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using MlAsCode.Evaluation.Reporting;
using PuppeteerSharp;

namespace MlAsCode.Tests.Evaluation;

/// <summary>
/// Opens evaluation reports in headless Chromium (Debian's <c>chromium</c> package, which <c>.ci/run</c> installs) and
/// checks that the browser lays out every plot and paints its data: each SVG is rasterized by Chromium itself onto a
/// canvas and the pixels of the first series' colour are counted. A screenshot of the page is written next to it.
/// </summary>
public sealed class BrowserRenderTests : IDisposable
{
    private static readonly string Chromium = Environment.GetEnvironmentVariable("MLASCODE_CHROMIUM") ?? "/usr/bin/chromium";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mlac-render-" + Guid.NewGuid().ToString("N"));

    public BrowserRenderTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // For each plot: its laid-out size, and how many of its pixels Chromium paints in the first series' colour
    // (blue, #1f77b4) and in any colour but white, once rasterized.
    private const string MeasurePlots = """
        async () => {
          const results = [];
          for (const svg of document.querySelectorAll('svg.plot')) {
            const box = svg.getBoundingClientRect();
            const image = new Image();
            image.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(new XMLSerializer().serializeToString(svg));
            await image.decode();
            const canvas = document.createElement('canvas');
            canvas.width = image.naturalWidth; canvas.height = image.naturalHeight;
            const context = canvas.getContext('2d');
            context.drawImage(image, 0, 0);
            const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
            let series = 0, ink = 0;
            for (let i = 0; i < pixels.length; i += 4) {
              const [r, g, b] = [pixels[i], pixels[i + 1], pixels[i + 2]];
              if (b - r > 40 && b > g) series++; // the first series' blue (#1f77b4), also when drawn translucent
              if (r < 240 || g < 240 || b < 240) ink++;
            }
            results.push({ title: svg.getAttribute('aria-label'), width: box.width, height: box.height, series, ink });
          }
          return JSON.stringify(results);
        }
        """;

    private sealed record PlotPaint(string Title, double Width, double Height, int Series, int Ink);

    private async Task<PlotPaint[]> Render(EvaluationReport report, string name)
    {
        Assert.True(File.Exists(Chromium), $"Chromium not found at {Chromium}: install Debian's chromium package (apt-get install chromium; .ci/run does) or set MLASCODE_CHROMIUM.");
        var path = Path.Combine(_folder, name + ".html");
        await File.WriteAllTextAsync(path, HtmlReport.Write(report));
        await using var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + Path.Combine(_folder, "profile-" + name)],
        });
        await using var page = await browser.NewPageAsync();
        await page.SetViewportAsync(new ViewPortOptions { Width = 1280, Height = 900 });
        await page.GoToAsync(new Uri(path).AbsoluteUri, WaitUntilNavigation.Load);
        var screenshot = Path.Combine(_folder, name + ".png");
        await page.ScreenshotAsync(screenshot, new ScreenshotOptions { FullPage = true });
        var png = await File.ReadAllBytesAsync(screenshot);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        Assert.True(png.Length > 20_000, $"screenshot of {png.Length} bytes");
        var json = await page.EvaluateFunctionAsync<string>(MeasurePlots);
        return JsonSerializer.Deserialize<PlotPaint[]>(json, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
    }

    [Fact]
    public async Task A_binary_report_renders_its_curves_calibration_and_group_distributions_in_chromium()
    {
        var report = Evaluator.Evaluate(ReportTests.Binary());
        var plots = await Render(report, "binary");

        Assert.Equal(["ROC curve", "Precision-recall curve", "Calibration (reliability)", "Scores by group"], plots.Select(p => p.Title));
        Assert.All(plots, p =>
        {
            Assert.True(p.Width >= 400 && p.Height >= 280, $"{p.Title} laid out at {p.Width}x{p.Height}");
            Assert.True(p.Series > 300, $"{p.Title}: {p.Series} pixels of the series colour");
            Assert.True(p.Ink > p.Series, $"{p.Title}: axes and labels painted");
        });
    }

    [Fact]
    public async Task A_regression_report_renders_its_residuals_in_chromium()
    {
        var random = new Random(5);
        var actual = Enumerable.Range(0, 800).Select(_ => random.NextDouble() * 50).ToArray();
        var report = Evaluator.Evaluate(new EvaluationInput
        {
            Title = "regression",
            Task = MlTask.Regression,
            PrimaryMetric = Metric.Mae,
            Actual = actual,
            Scores = [.. actual.Select(a => a + ((random.NextDouble() - 0.5) * 8))],
            Resamples = 100,
        });
        var plots = await Render(report, "regression");
        Assert.Equal(["Predicted vs actual", "Residuals"], plots.Select(p => p.Title));
        Assert.All(plots, p => Assert.True(p.Series > 500, $"{p.Series} pixels of markers in {p.Title}"));
    }
}
