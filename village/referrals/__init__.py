"""Connect and follow through: matching, fair allocation of seats, and closed-loop referrals."""
