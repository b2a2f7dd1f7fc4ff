"""Countries, agencies and the network of officers (contact points)."""
