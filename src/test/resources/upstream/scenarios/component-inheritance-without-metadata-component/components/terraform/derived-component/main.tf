variable "enabled" {
  type = bool
}

variable "name" {
  type = string
}

variable "base_var" {
  type = string
}

variable "derived_var" {
  type = string
}
