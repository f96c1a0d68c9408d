using System.IO;

namespace Plc.Tests.Mqtt;

/// <summary>A private certificate authority and a broker certificate for 127.0.0.1 signed by it, made with openssl
/// in a folder (P-256 keys, valid two days): for the TLS test.</summary>
public sealed record TestCertificates(string Ca, string Cert, string Key)
{
    public static TestCertificates Create(string dir)
    {
        string openssl = Mosquitto.Find("openssl") ?? throw new System.InvalidOperationException("openssl is not installed");
        string P(string name) => Path.Combine(dir, name);
        File.WriteAllText(P("server.ext"),
            "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n");
        Mosquitto.Run(openssl, new[] { "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", P("ca.key"), "-out", P("ca.pem"), "-days", "2", "-subj", "/CN=plc test CA" });
        Mosquitto.Run(openssl, new[] { "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", P("server.key"), "-out", P("server.csr"), "-subj", "/CN=127.0.0.1" });
        Mosquitto.Run(openssl, new[] { "x509", "-req", "-in", P("server.csr"), "-CA", P("ca.pem"), "-CAkey", P("ca.key"),
            "-CAcreateserial", "-out", P("server.pem"), "-days", "2", "-extfile", P("server.ext") });
        return new TestCertificates(P("ca.pem"), P("server.pem"), P("server.key"));
    }
}
