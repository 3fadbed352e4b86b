variable "foo" {
  type    = string
  default = ""
}
