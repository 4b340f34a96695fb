global using MlAsCode.Embedded;
