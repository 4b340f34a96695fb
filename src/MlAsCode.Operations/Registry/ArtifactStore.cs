using System;
using System.IO;
using System.Security.Cryptography;

namespace MlAsCode.Registry;

/// <summary>
/// Model files stored by content: a file's name is the SHA-256 of its bytes (<c>{root}/sha256/ab/abcd….bin</c>), so a
/// version's bytes can never change under the same name, identical files are stored once, and every read recomputes
/// the hash and refuses a file that no longer matches (<see cref="ModelIntegrityException"/>). Files are written to a
/// temporary name and renamed into place, so a crash never leaves a partial file under a content name.
/// </summary>
public sealed class ArtifactStore
{
    /// <summary>Uses (and creates) <paramref name="root"/>.</summary>
    public ArtifactStore(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
        Directory.CreateDirectory(Root);
    }

    /// <summary>The folder.</summary>
    public string Root { get; }

    /// <summary>Stores a file's bytes and returns their SHA-256 (lower-case hex) and length.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public (string Sha256, long Bytes) Put(string sourcePath)
    {
        if (!File.Exists(sourcePath))
        {
            throw new FileNotFoundException($"No file at {Path.GetFullPath(sourcePath)} to store in the model registry.", sourcePath);
        }

        var bytes = File.ReadAllBytes(sourcePath);
        var sha = Hash(bytes);
        var target = PathOf(sha);
        if (File.Exists(target) && Hash(File.ReadAllBytes(target)) == sha)
        {
            return (sha, bytes.LongLength);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temporary = target + "." + Guid.NewGuid().ToString("N") + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.WriteThrough))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }

        // Replaces a damaged copy under the same name too: the bytes written are the ones the name promises.
        File.Move(temporary, target, overwrite: true);
        return (sha, bytes.LongLength);
    }

    /// <summary>Reads the bytes stored under <paramref name="sha256"/>, verifying them.</summary>
    /// <param name="sha256">The content hash.</param>
    /// <param name="what">What the file is, for messages (e.g. "the ONNX model of churn 1.2.0").</param>
    /// <exception cref="ModelIntegrityException">The file is missing or its content does not match the hash.</exception>
    public byte[] Read(string sha256, string what)
    {
        var path = PathOf(sha256);
        if (!File.Exists(path))
        {
            throw new ModelIntegrityException($"The registry has no file for {what}: {path} is missing (SHA-256 {sha256}). Restore it from a backup or register the model again.");
        }

        var bytes = File.ReadAllBytes(path);
        var actual = Hash(bytes);
        if (actual != sha256)
        {
            throw new ModelIntegrityException(
                $"Refusing to load {what}: {path} has SHA-256 {actual}, but the registry recorded {sha256} when it was registered. The file was changed or corrupted after registration.");
        }

        return bytes;
    }

    /// <summary>Where the bytes with <paramref name="sha256"/> are stored.</summary>
    public string PathOf(string sha256)
    {
        if (sha256.Length != 64 || !IsHex(sha256))
        {
            throw new ArgumentException($"'{sha256}' is not a SHA-256 (64 lower-case hex digits).", nameof(sha256));
        }

        return Path.Combine(Root, "sha256", sha256[..2], sha256 + ".bin");
    }

    /// <summary>SHA-256 of <paramref name="bytes"/>, lower-case hex.</summary>
    public static string Hash(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static bool IsHex(string text)
    {
        foreach (var c in text)
        {
            if (c is not (>= '0' and <= '9' or >= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }
}
