return MlAsCode.Cli.MlacApp.Run(args, System.Console.Out, System.Console.Error, System.Console.In);
