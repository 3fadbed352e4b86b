# A stand-in VPC component for the Acme example: the stacks set its inputs per account.
variable "environment" {
  type        = string
  description = "Short region code (ue2)"
}

variable "stage" {
  type        = string
  description = "Account stage (dev, staging, prod …)"
}

variable "ipv4_primary_cidr_block" {
  type        = string
  description = "The VPC's primary IPv4 CIDR block"
}

output "cidr_block" {
  value = var.ipv4_primary_cidr_block
}
