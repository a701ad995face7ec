Console.WriteLine("socle");
